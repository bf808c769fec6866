/// What one request asks of its key at admission.
public struct Admission: Sendable, Hashable {
    /// The key's id.
    public var keyID: String
    /// Requests per minute of the key (nil = no limit; the bucket is not touched).
    public var rpm: Int?
    /// Tokens per minute of the key (nil = no limit; the bucket is not touched).
    public var tpm: Int?
    /// Tokens to take from the token bucket: the prompt plus the most the request may generate.
    public var tokens: Int
    /// The worst-case cost to reserve against the balance (ignored when the key has no balance).
    public var reserveTicks: Int64
    /// The reservation's id (the response id).
    public var reservationID: String
    /// Which server process holds the reservation (released when that instance restarts).
    public var instance: String
    /// Unix milliseconds.
    public var now: Int64
    /// When the reservation lapses if never settled (Unix milliseconds).
    public var expiresAt: Int64

    /// An admission request.
    public init(
        keyID: String, rpm: Int?, tpm: Int?, tokens: Int, reserveTicks: Int64, reservationID: String, instance: String,
        now: Int64, expiresAt: Int64
    ) {
        self.keyID = keyID
        self.rpm = rpm
        self.tpm = tpm
        self.tokens = tokens
        self.reserveTicks = reserveTicks
        self.reservationID = reservationID
        self.instance = instance
        self.now = now
        self.expiresAt = expiresAt
    }
}

/// A token bucket's state after a decision, for the rate-limit response headers.
public struct BucketState: Sendable, Hashable {
    /// The bucket's size (the per-minute limit).
    public var limit: Int
    /// Whole units left.
    public var remaining: Int
    /// Milliseconds until the bucket is full again.
    public var resetMs: Int64

    /// A bucket state.
    public init(limit: Int, remaining: Int, resetMs: Int64) {
        self.limit = limit
        self.remaining = remaining
        self.resetMs = resetMs
    }
}

/// The outcome of ``PlatformStore/admit(_:)``.
public enum AdmissionDecision: Sendable, Hashable {
    /// Admitted; `reserved` says whether a reservation was made (the key has a balance).
    case admitted(requests: BucketState?, tokens: BucketState?, reserved: Bool)
    /// A bucket is empty: retry after `retryAfterMs`. `tooLarge` = the request alone exceeds the token limit.
    case rateLimited(kind: RateKind, retryAfterMs: Int64, requests: BucketState?, tokens: BucketState?, tooLarge: Bool)
    /// The balance minus live reservations is below `reserveTicks`.
    case insufficientCredit(availableTicks: Int64)
    /// No such key.
    case unknownKey
}

/// Which limit refused a request.
public enum RateKind: String, Sendable, Hashable {
    /// Requests per minute.
    case requests
    /// Tokens per minute.
    case tokens
}

/// A storage failure, with a message safe to log (never a key's secret).
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What failed and why, e.g. `Could not settle chatcmpl-1: PostgreSQL error 40P01: deadlock detected`.
    public var description: String
    /// An error with this message.
    public init(_ description: String) { self.description = description }
}
