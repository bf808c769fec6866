public import Storage

/// The platform the server runs with: the store of keys and usage (nil = nothing persisted, only static keys) and
/// the price book.
public struct Platform: Sendable {
    /// Keys, reservations, rate buckets and the ledger.
    public var store: (any PlatformStore)?
    /// What each model name costs.
    public var prices: PriceBook
    /// This process's name in credit reservations (`host:port` by default).
    public var instance: String
    /// Wall-clock Unix milliseconds for admissions (rate-limit buckets, reservations, ledger times); tests freeze it.
    public var clock: @Sendable () -> Int64

    /// A platform; the defaults persist nothing.
    public init(
        store: (any PlatformStore)? = nil, prices: PriceBook = PriceBook(), instance: String = "swiftlet",
        clock: @escaping @Sendable () -> Int64 = { UnixTime.milliseconds() }
    ) {
        self.store = store
        self.prices = prices
        self.instance = instance
        self.clock = clock
    }
}
