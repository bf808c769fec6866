import InferenceTypes

/// Random identifiers for responses, messages and requests (alphabet and generator: `RandomID`).
///
/// Clients never parse them, but they must be unique and non-empty: an empty tool-call id breaks clients such as
/// Semantic Kernel.
public enum Identifiers {
    /// `prefix` followed by `length` random letters and digits.
    public static func make(_ prefix: String, length: Int = 24) -> String { RandomID.make(prefix, length: length) }

    /// An OpenAI chat completion id, `chatcmpl-…`.
    public static func chatCompletion() -> String { make("chatcmpl-") }
    /// A legacy text completion id, `cmpl-…`.
    public static func textCompletion() -> String { make("cmpl-") }
    /// An Anthropic message id, `msg_01…`.
    public static func message() -> String { make("msg_01") }
    /// A Responses API response id, `resp_…`.
    public static func response() -> String { make("resp_") }
    /// A request id, `req_…`, sent as `x-request-id` / `request-id`.
    public static func request() -> String { make("req_") }
}
