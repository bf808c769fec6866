import Inference
import InferenceTypes
import Storage

/// The platform's side of every generation request: admission (rate limits, a credit reservation for the worst case)
/// before a slot is used, and a ``Bill`` that settles the actual cost into the ledger before the response's last byte.
///
/// Static keys and an open server are neither limited nor reserved against, but every request still gets its ledger
/// row (with no key id) when a store is configured. Without a store nothing is metered.
struct Accounting: Sendable {
    let store: (any PlatformStore)?
    let prices: PriceBook
    /// This process's name in reservations (`host:port` unless configured), so a restart releases what it held.
    let instance: String

    /// How long a reservation holds if its request is never settled (a crash): 30 minutes.
    static let reservationLifetimeMs: Int64 = 30 * 60 * 1000

    /// Admits a request that resolved to `model` and was prepared as `pending`; throws the 429 (or Anthropic's 400)
    /// that explains a refusal.
    func admit(
        caller: Caller, id: String, requested: String, model: ModelDescriptor, route: String, pending: PendingGeneration,
        arrivedAt: Int64, record: RequestRecord? = nil
    ) async throws -> Bill {
        let pricing = prices.price(requested: requested, model: model)
        let estimate = pending.promptTokens + pending.maxGeneratedTokens
        var snapshot: RateLimitSnapshot?
        var reservation: String?
        if let store, let key = caller.key {
            let worst = pricing?.worstCaseCost(promptTokens: pending.promptTokens, generatedTokens: pending.maxGeneratedTokens) ?? 0
            let admission = Admission(keyID: key.id, rpm: key.rpm, tpm: key.tpm, tokens: estimate, reserveTicks: worst,
                reservationID: id, instance: instance, now: arrivedAt, expiresAt: arrivedAt + Self.reservationLifetimeMs)
            let decision: AdmissionDecision
            do { decision = try await store.admit(admission) } catch { throw APIError.storeUnavailable(error.description) }
            switch decision {
            case .admitted(let requests, let tokens, let reserved):
                snapshot = RateLimitSnapshot(requests: requests, tokens: tokens, takenAt: arrivedAt)
                if reserved { reservation = id }
            case .rateLimited(let kind, let retryAfterMs, let requests, let tokens, let tooLarge):
                let limits = RateLimitSnapshot(requests: requests, tokens: tokens, takenAt: arrivedAt)
                throw APIError.rateLimited(RateRefusal(kind: kind, limit: (kind == .requests ? key.rpm : key.tpm) ?? 0,
                    requested: kind == .requests ? 1 : estimate, retryAfterMs: retryAfterMs, tooLarge: tooLarge,
                    snapshot: limits))
            case .insufficientCredit:
                throw APIError.insufficientCredit
            case .unknownKey:
                throw APIError.unauthorized("This API key has been deleted.")
            }
        }
        return Bill(store: store, id: id, keyID: caller.key?.id, model: requested, route: route, pricing: pricing,
            reservationID: reservation, admittedTokens: caller.key?.tpm == nil ? 0 : estimate, arrivedAt: arrivedAt,
            rateLimits: snapshot.flatMap { $0.isEmpty ? nil : $0 }, record: record)
    }
}
