public import InferenceTypes

/// How the pages write numbers: prices in dollars per million tokens, token counts with thousands separators.
/// Deterministic (no locale), so the HTML, markdown and llms.txt say the same thing.
public enum Formatting {
    /// `$0.30`, `$0.075`, `$4.00`: at least two decimals, more only when the price has them (up to six).
    public static func dollars(_ value: Double) -> String {
        guard value.isFinite, value > 0 else { return "$0" }
        var cents = Int64((value * 1_000_000).rounded())
        let whole = cents / 1_000_000
        cents %= 1_000_000
        var fraction = String(cents)
        while fraction.count < 6 { fraction = "0" + fraction }
        while fraction.count > 2, fraction.hasSuffix("0") { fraction.removeLast() }
        return "$" + grouped(Int(whole)) + "." + fraction
    }

    /// `131,072`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return value < 0 ? "-" + out : out
    }

    /// `$0.30 / 1M input tokens, $0.075 / 1M cached input tokens, $0.50 / 1M output tokens`, or `free`.
    public static func prices(_ p: TokenPricing?) -> String {
        guard let p, p.inputPerMillion > 0 || p.outputPerMillion > 0 || p.cachedInputPerMillion > 0 else { return "free" }
        return "\(dollars(p.inputPerMillion)) / 1M input tokens, \(dollars(p.cachedInputPerMillion)) / 1M cached input tokens, "
            + "\(dollars(p.outputPerMillion)) / 1M output tokens"
    }

    /// `8,192 tokens`.
    public static func context(_ tokens: Int) -> String { grouped(tokens) + " tokens" }

    /// A double as JSON and the snippets' languages write it: `0.7`, `1`, `0.05` (no exponent for the ranges the
    /// settings allow).
    public static func number(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        var s = String(format6: value)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s == "-0" ? "0" : s
    }
}

extension String {
    /// `value` with six decimals, without Foundation.
    fileprivate init(format6 value: Double) {
        let negative = value < 0
        let scaled = Int64((abs(value) * 1_000_000).rounded())
        var fraction = String(scaled % 1_000_000)
        while fraction.count < 6 { fraction = "0" + fraction }
        self = (negative ? "-" : "") + String(scaled / 1_000_000) + "." + fraction
    }
}
