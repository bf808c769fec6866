import InferenceTypes
import Synchronization

/// What the layers of one request learn about it, for its log line and its metrics: the auth middleware adds the
/// key, the handler the model, the bill the tokens, time to first token and finish reason, the error middleware why
/// it was refused. The outermost middleware reads it once the response's last byte is written.
///
/// - Important: a reference shared by every copy of the request's context, written from the handler's task and,
///   for a stream, from the task that writes the body; all state sits behind a `Mutex`.
final class RequestRecord: Sendable {
    struct State: Sendable {
        /// The model name as the client sent it.
        var requestedModel: String?
        /// The served model's id (the metrics label: bounded, unlike what clients send).
        var modelID: String?
        /// The key's id (`key_…`), `static` or `anonymous`; never a secret.
        var key: String?
        var usage: Usage?
        var ttftMs: Int?
        var finishReason: String?
        /// The ledger's outcome: `completed`, `cancelled`, `failed`.
        var outcome: String?
        /// Why the request was refused (`auth`, `rate_limit`, `credits`, `validation`, …).
        var rejection: String?
        /// The request's output was constrained (a JSON schema, `json_object`, or required tool calls).
        var constrained = false
    }

    private let state = Mutex(State())

    init() {}

    func update(_ body: (inout State) -> Void) {
        state.withLock { body(&$0) }
    }

    var snapshot: State { state.withLock { $0 } }
}
