public import InferenceTypes

/// What is wrong with a reply Swiftlet read from an upstream server (another OpenAI- or Anthropic-compatible
/// engine it forwards requests to): a body or stream event that is not what the wire format allows, a stream that
/// ended before the answer was complete, or an error the upstream reported inside its stream.
///
/// The decoders of both wire formats throw it; the upstream service turns it into the caller's error shape, so bad
/// upstream data never crashes a request.
public struct UpstreamReplyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of problem.
    public enum Kind: Sendable, Hashable {
        /// Not valid JSON, or JSON of the wrong shape.
        case malformed
        /// The stream ended before every choice finished.
        case truncated
        /// The upstream sent an error event or frame (`data: {"error": …}`, `event: error`).
        case errorEvent
    }

    /// The kind of problem.
    public var kind: Kind
    /// What was wrong (for `errorEvent`, the upstream's own message).
    public var message: String
    /// For `errorEvent`: the upstream's error type (`overloaded_error`, `server_error`, …), when it gave one.
    public var errorType: String?

    /// An error with every field given.
    public init(_ kind: Kind, _ message: String, errorType: String? = nil) {
        self.kind = kind
        self.message = message
        self.errorType = errorType
    }

    public var description: String { message }

    /// A reply of the wrong shape: `what` names the field or event.
    public static func malformed(_ what: String) -> UpstreamReplyError { UpstreamReplyError(.malformed, what) }
}

extension UpstreamReplyError {
    /// The message and type of an error body in any of the shapes upstream servers use: OpenAI's and llama.cpp's
    /// `{"error": {message, type}}`, Anthropic's `{"type": "error", "error": {type, message}}`, vLLM's older
    /// `{"object": "error", "message", "type"}`, FastAPI's `{"detail": …}`, or `{"error": "text"}`; nil when the
    /// body has no message.
    public static func errorText(in body: JSONValue) -> (message: String, type: String?)? {
        if let error = body["error"] {
            if case .string(let s) = error { return (s, nil) }
            if let message = error["message"]?.stringValue { return (message, error["type"]?.stringValue) }
        }
        if let message = body["message"]?.stringValue { return (message, body["type"]?.stringValue) }
        if let detail = body["detail"] {
            return (detail.stringValue ?? detail.serialized(), nil)
        }
        return nil
    }
}
