/// US dollars ↔ ticks (1 tick = 1e-10 USD), the unit balances, costs and the ledger are kept in.
public enum Money {
    /// Ticks per dollar.
    public static let ticksPerUSD: Int64 = 10_000_000_000
    /// The largest amount one top-up or starting balance may be: $100,000,000.
    public static let maxUSD = 100_000_000.0

    /// `usd` in ticks, or nil when it is negative, not finite or above ``maxUSD``.
    public static func ticks(usd: Double) -> Int64? {
        guard usd.isFinite, usd >= 0, usd <= maxUSD else { return nil }
        return Int64((usd * Double(ticksPerUSD)).rounded())
    }

    /// `ticks` in dollars (for display; exact amounts stay in ticks).
    public static func usd(ticks: Int64) -> Double { Double(ticks) / Double(ticksPerUSD) }
}
