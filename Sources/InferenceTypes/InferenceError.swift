/// An error the inference layer reports to the API layer, which maps it to each API's error shape and status.
public enum InferenceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No served model (or alias) has this name.
    case modelNotFound(String)
    /// A request field is invalid; `parameter` names it (a JSON path such as `messages[2].content`).
    case invalidRequest(parameter: String?, message: String)
    /// The prompt does not fit the context window.
    case contextOverflow(promptTokens: Int, limit: Int)
    /// The request queue is full; retry after this many seconds.
    case overloaded(retryAfterSeconds: Int)
    /// The request was cancelled (client gone, or server shutting down).
    case cancelled
    /// Something failed inside the server; the message is safe to show.
    case internalError(String)

    public var description: String {
        switch self {
        case .modelNotFound(let m): return "The model `\(m)` does not exist or you do not have access to it."
        case .invalidRequest(let p, let m): return p.map { "\($0): \(m)" } ?? m
        case .contextOverflow(let n, let limit): return "prompt is too long: \(n) tokens > \(limit) maximum"
        case .overloaded: return "The server is overloaded; retry later."
        case .cancelled: return "The request was cancelled."
        case .internalError(let m): return m
        }
    }
}
