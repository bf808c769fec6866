/// Random identifiers for responses, messages, tool calls and requests.
///
/// Clients never parse them, but they must be unique and non-empty (an empty tool-call id broke Semantic Kernel,
/// llama.cpp #12279).
public enum Identifiers {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)

    /// `prefix` followed by `length` random letters and digits.
    public static func make(_ prefix: String, length: Int = 24) -> String {
        var rng = SystemRandomNumberGenerator()
        var out = [UInt8]()
        out.reserveCapacity(length)
        for _ in 0..<length { out.append(alphabet[Int(rng.next(upperBound: UInt64(alphabet.count)))]) }
        return prefix + String(decoding: out, as: UTF8.self)
    }

    /// An OpenAI chat completion id, `chatcmpl-…`.
    public static func chatCompletion() -> String { make("chatcmpl-") }
    /// A legacy text completion id, `cmpl-…`.
    public static func textCompletion() -> String { make("cmpl-") }
    /// An Anthropic message id, `msg_01…`.
    public static func message() -> String { make("msg_01") }
    /// A request id, `req_…`, sent as `x-request-id` / `request-id`.
    public static func request() -> String { make("req_") }
}
