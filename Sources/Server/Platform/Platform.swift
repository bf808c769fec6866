public import Storage

/// The platform the server runs with: the store of keys and usage (nil = nothing persisted, only static keys), the
/// store of Responses API responses, and the price book.
public struct Platform: Sendable {
    /// Keys, reservations, rate buckets and the ledger.
    public var store: (any PlatformStore)?
    /// Stored Responses API responses: the platform's database when it keeps them, else memory.
    public var responses: any ResponseStore
    /// What each model name costs.
    public var prices: PriceBook
    /// This process's name in credit reservations (`host:port` by default).
    public var instance: String
    /// Wall-clock Unix milliseconds for admissions (rate-limit buckets, reservations, ledger times); tests freeze it.
    public var clock: @Sendable () -> Int64

    /// A platform; the defaults persist nothing. Responses are kept in `responses`, else in `store` (both of
    /// Swiftlet's databases keep them), else in memory.
    public init(
        store: (any PlatformStore)? = nil, responses: (any ResponseStore)? = nil, prices: PriceBook = PriceBook(),
        instance: String = "swiftlet", clock: @escaping @Sendable () -> Int64 = { UnixTime.milliseconds() }
    ) {
        self.store = store
        self.responses = responses ?? (store as? any ResponseStore) ?? MemoryResponseStore()
        self.prices = prices
        self.instance = instance
        self.clock = clock
    }
}
