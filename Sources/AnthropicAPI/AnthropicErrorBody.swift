public import InferenceTypes

/// An error as Anthropic routes report it: an HTTP status and
/// `{"type": "error", "error": {type, message}, "request_id": …}`.
public struct AnthropicErrorBody: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// `invalid_request_error`, `authentication_error`, `not_found_error`, `overloaded_error`, …
    public var type: String
    /// Human-readable; names the field when one is at fault.
    public var message: String
    /// Seconds for a `Retry-After` header (429/529).
    public var retryAfter: Int?

    /// An error with every field given.
    public init(status: Int, type: String, message: String, retryAfter: Int? = nil) {
        self.status = status
        self.type = type
        self.message = message
        self.retryAfter = retryAfter
    }

    /// The error type Anthropic uses for an HTTP status.
    public static func type(forStatus status: Int) -> String {
        switch status {
        case 401: return "authentication_error"
        case 402: return "billing_error"
        case 403: return "permission_error"
        case 404: return "not_found_error"
        case 413: return "request_too_large"
        case 429: return "rate_limit_error"
        case 504: return "timeout_error"
        case 529, 503: return "overloaded_error"
        case 500..<600: return "api_error"
        default: return "invalid_request_error"
        }
    }

    /// The JSON body.
    public func json(requestID: String?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("type", "error"),
            ("error", .makeObject([("type", .string(type)), ("message", .string(message))])),
        ]
        if let requestID { fields.append(("request_id", .string(requestID))) }
        return .makeObject(fields)
    }

    /// The error for an inference failure; a full queue is 529 `overloaded_error`.
    public init(_ error: InferenceError) {
        switch error {
        case .modelNotFound(let m):
            self.init(status: 404, type: "not_found_error", message: "model: \(m) was not found")
        case .invalidRequest, .contextOverflow:
            self.init(status: 400, type: "invalid_request_error", message: error.description)
        case .overloaded(let seconds):
            self.init(status: 529, type: "overloaded_error", message: "Overloaded", retryAfter: max(1, seconds))
        case .cancelled:
            self.init(status: 529, type: "overloaded_error", message: error.description)
        case .internalError:
            self.init(status: 500, type: "api_error", message: error.description)
        }
    }

    /// The error for a request field: always 400 `invalid_request_error` (Anthropic's catch-all for 4xx).
    public init(_ error: JSONFieldError) {
        self.init(status: 400, type: "invalid_request_error", message: error.description)
    }

    /// The error for a body that is not valid JSON.
    public init(_ error: JSONParseError) {
        self.init(status: 400, type: "invalid_request_error", message: "invalid request body: \(error.description)")
    }
}
