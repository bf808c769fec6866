// The admission decision and its token buckets, kept apart from any database so both backends decide identically:
// a backend reads the stored rows under its locks, asks these types what to do, and writes back what they return.

/// What a backend must do after reading a key's state for an ``Admission``.
struct AdmissionPlan: Sendable {
    /// The answer to return.
    var decision: AdmissionDecision
    /// Bucket rows to write (only when admitted; nil = that limit is off).
    var requests: TokenBucket?
    var tokens: TokenBucket?
    /// Whether to insert the reservation row (admitted and the key keeps a balance).
    var reserve: Bool
}

/// The admission rules, in the order they are checked.
///
/// 1. Requests bucket (when `rpm` is set): at least one request must be available.
/// 2. Tokens bucket (when `tpm` is set): a request asking for more than `tpm` tokens can never pass (`tooLarge`,
///    retry in a minute); otherwise `tokens` must be available.
/// 3. Balance (when the key keeps one): the balance minus live reservations must be positive and at least
///    `reserveTicks`, so a key at or below zero is refused even for a free request.
///
/// Only when all pass are the buckets taken from and the reservation made; a refusal changes nothing.
enum AdmissionRules {
    /// Decides `admission` from the key's balance (`nil` = none kept), the sum of its live reservations and its
    /// stored buckets.
    static func decide(
        _ admission: Admission, creditTicks: Int64?, reservedTicks: Int64, requests storedRequests: StoredBucket?,
        tokens storedTokens: StoredBucket?
    ) -> AdmissionPlan {
        var requests = admission.rpm.map { TokenBucket(limit: $0, stored: storedRequests, now: admission.now) }
        var tokens = admission.tpm.map { TokenBucket(limit: $0, stored: storedTokens, now: admission.now) }
        let wanted = Double(max(0, admission.tokens))

        func limited(_ kind: RateKind, after ms: Int64, tooLarge: Bool = false) -> AdmissionPlan {
            AdmissionPlan(
                decision: .rateLimited(
                    kind: kind, retryAfterMs: ms, requests: requests?.state, tokens: tokens?.state, tooLarge: tooLarge),
                requests: nil, tokens: nil, reserve: false)
        }

        if let bucket = requests, !bucket.has(1) {
            return limited(.requests, after: bucket.msUntil(1))
        }
        if let bucket = tokens {
            if admission.tokens > bucket.limit {
                return limited(.tokens, after: Int64(TokenBucket.windowMs), tooLarge: true)
            }
            if !bucket.has(wanted) {
                return limited(.tokens, after: bucket.msUntil(wanted))
            }
        }
        if let creditTicks {
            let available = creditTicks - reservedTicks
            if available <= 0 || available < admission.reserveTicks {
                return AdmissionPlan(
                    decision: .insufficientCredit(availableTicks: available), requests: nil, tokens: nil,
                    reserve: false)
            }
        }
        requests?.take(1)
        tokens?.take(wanted)
        return AdmissionPlan(
            decision: .admitted(requests: requests?.state, tokens: tokens?.state, reserved: creditTicks != nil),
            requests: requests, tokens: tokens, reserve: creditTicks != nil)
    }
}

/// A bucket's row as stored: its level at `updatedAt` (Unix milliseconds).
struct StoredBucket: Sendable, Hashable {
    var level: Double
    var updatedAt: Int64
}

/// A token bucket of one key and one ``RateKind``: `limit` units, refilled continuously at `limit` per minute.
///
/// A bucket never seen before is full. Refill is computed from the time elapsed since the stored level, so nothing
/// needs to run in the background; a clock that goes backwards (another server's) refills nothing and never moves
/// `updatedAt` back.
struct TokenBucket: Sendable, Hashable {
    static let windowMs: Double = 60_000
    /// Slack for floating-point refill sums (a level of 0.9999999999 counts as one unit).
    static let epsilon = 1e-9

    /// The capacity, i.e. the per-minute limit.
    var limit: Int
    /// Units available at ``updatedAt``, from 0 to ``limit`` (fractional while refilling).
    var level: Double
    /// Unix milliseconds.
    var updatedAt: Int64

    /// The bucket at `now`: the stored level plus what refilled since, capped at `limit` (full when never stored).
    init(limit: Int, stored: StoredBucket?, now: Int64) {
        self.limit = limit
        let capacity = Double(max(limit, 0))
        guard let stored else {
            level = capacity
            updatedAt = now
            return
        }
        let elapsed = Double(max(0, now - stored.updatedAt))
        // Multiply before dividing: exact for whole minutes and whole units.
        level = min(capacity, max(0, stored.level) + elapsed * capacity / Self.windowMs)
        updatedAt = max(now, stored.updatedAt)
    }

    /// The row to store.
    var stored: StoredBucket { StoredBucket(level: level, updatedAt: updatedAt) }

    /// Whether `amount` units are available.
    func has(_ amount: Double) -> Bool { level + Self.epsilon >= amount }

    /// Milliseconds until the level reaches `target` (0 when it already has; a minute when it never will).
    func msUntil(_ target: Double) -> Int64 {
        if has(target) { return 0 }
        guard limit > 0, target <= Double(limit) else { return Int64(Self.windowMs) }
        let ms = ((target - level) * Self.windowMs / Double(limit) - 1e-6).rounded(.up)
        return max(1, Int64(ms))
    }

    /// What the rate-limit headers show.
    var state: BucketState {
        BucketState(limit: limit, remaining: max(0, Int(level.rounded(.down))), resetMs: msUntil(Double(limit)))
    }

    /// Takes `amount` units (the caller checked there are enough).
    mutating func take(_ amount: Double) {
        level = max(0, level - amount)
    }

    /// Gives back `amount` units to a stored level, capped at the capacity. The stored time is kept: refill is
    /// computed from it as before, so a refund never moves the refill clock.
    static func refunded(_ stored: StoredBucket, limit: Int, amount: Int) -> StoredBucket {
        let capacity = Double(max(limit, 0))
        return StoredBucket(
            level: min(capacity, max(0, stored.level) + Double(max(0, amount))), updatedAt: stored.updatedAt)
    }
}
