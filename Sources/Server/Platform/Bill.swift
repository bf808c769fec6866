import Inference
import InferenceTypes
import OpenAIAPI
import Storage
import Synchronization

/// One admitted request's account: its meter, its reservation, and the single ledger row it ends with.
///
/// ``wrap(_:)`` passes the generation's stream through and settles before the stream ends, so the row is committed
/// before `[DONE]`, `message_stop` or the non-streaming body goes out: a client that got a complete answer has been
/// billed. How each end is billed:
/// - completed: the final usage at the model's prices (the same number as the response's `cost_in_usd_ticks`);
/// - cancelled (the client went away): what was generated, prompt included; nothing when no token was generated;
/// - failed (a server-side error): nothing; the row records the failure.
///
/// - Important: settles exactly once, whichever of the stream's end and its cancellation comes first. The store call
///   runs in its own task, so the cancellation of a departing client cannot interrupt a commit halfway.
final class Bill: Sendable {
    /// How the request ended, as the ledger's `status`.
    enum Outcome: String, Sendable {
        case completed, cancelled, failed
    }

    let store: (any PlatformStore)?
    /// The response id, which is also the ledger row's and the reservation's.
    let id: String
    let keyID: String?
    let model: String
    let route: String
    let pricing: TokenPricing?
    let reservationID: String?
    /// Tokens taken from the key's token bucket at admission (0 when it has no token limit).
    let admittedTokens: Int
    let arrivedAt: Int64
    /// The key's buckets after admission, for the response headers.
    let rateLimits: RateLimitSnapshot?
    /// Follows the generation's usage.
    let meter = UsageMeter()
    /// Where the request's log line and metrics read the outcome.
    let record: RequestRecord?

    private struct State {
        var settled = false
        var firstTokenAt: Int64?
        var finish: FinishReason?
    }
    private let state = Mutex(State())

    init(
        store: (any PlatformStore)?, id: String, keyID: String?, model: String, route: String, pricing: TokenPricing?,
        reservationID: String?, admittedTokens: Int, arrivedAt: Int64, rateLimits: RateLimitSnapshot?,
        record: RequestRecord? = nil
    ) {
        self.record = record
        self.store = store
        self.id = id
        self.keyID = keyID
        self.model = model
        self.route = route
        self.pricing = pricing
        self.reservationID = reservationID
        self.admittedTokens = admittedTokens
        self.arrivedAt = arrivedAt
        self.rateLimits = rateLimits
    }

    /// Gives up before the generation started (it could not be queued): the reservation is released, nothing billed.
    func abandon() async {
        guard claim(), let store, let reservationID else { return }
        _ = await Task { try? await store.release(reservationID: reservationID) }.value
    }

    /// The generation's stream, settled into the ledger before it ends.
    func wrap(_ stream: ChatStream) -> ChatStream {
        ChatStream { continuation in
            let pump = Task {
                do {
                    for try await item in stream {
                        observe(item)
                        continuation.yield(item)
                    }
                    // A cancelled iteration ends quietly too: that is the consumer leaving, not the end of the answer.
                    if Task.isCancelled {
                        try? await settle(.cancelled)
                        continuation.finish()
                        return
                    }
                    try await settle(.completed)
                    continuation.finish()
                } catch {
                    if !Task.isCancelled { try? await settle(.failed) }
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { [self] termination in
                guard case .cancelled = termination else { return }
                pump.cancel()
                Task { try? await self.settle(.cancelled) }
            }
        }
    }

    private func observe(_ item: ChatStreamItem) {
        guard case .choice(let index, let event) = item else { return }
        state.withLock { s in
            if s.firstTokenAt == nil { s.firstTokenAt = UnixTime.milliseconds() }
            if index == 0, case .finished(let reason) = event { s.finish = reason }
        }
    }

    /// Claims the right to settle; false when it was already claimed.
    private func claim() -> Bool {
        state.withLock { s in
            if s.settled { return false }
            s.settled = true
            return true
        }
    }

    /// Writes the ledger row for `outcome` (once), releasing the reservation and charging the key in the same
    /// transaction. Throws when the store fails, so a completed response is not sent as complete unbilled.
    func settle(_ outcome: Outcome) async throws {
        guard claim() else { return }
        let usage = meter.usage
        let (firstTokenAt, finishReason) = state.withLock { ($0.firstTokenAt, $0.finish) }
        record?.update {
            $0.usage = usage
            $0.ttftMs = firstTokenAt.map { Int($0 - arrivedAt) }
            $0.finishReason = finishReason?.openAIValue
            $0.outcome = outcome.rawValue
        }
        guard let store else { return }
        let billable: Bool
        switch outcome {
        case .completed: billable = true
        case .cancelled: billable = meter.generatedAny
        case .failed: billable = false
        }
        let cost = billable ? (pricing?.cost(of: usage) ?? 0) : 0
        let now = UnixTime.milliseconds()
        let entry = LedgerEntry(
            id: id, keyID: keyID, model: model, route: route, promptTokens: usage.promptTokens,
            cachedTokens: usage.cachedPromptTokens, completionTokens: usage.completionTokens,
            reasoningTokens: usage.reasoningTokens, costTicks: cost, status: outcome.rawValue,
            finishReason: outcome == .completed ? finishReason?.openAIValue : nil,
            ttftMs: firstTokenAt.map { Int($0 - arrivedAt) },
            durationMs: Int(now - arrivedAt), createdAt: arrivedAt)
        let used = usage.promptTokens + usage.completionTokens + usage.reasoningTokens
        let refund = max(0, admittedTokens - used)
        let reservationID = reservationID
        try await Task { try await store.settle(reservationID: reservationID, entry: entry, refundTokens: refund) }.value
    }
}
