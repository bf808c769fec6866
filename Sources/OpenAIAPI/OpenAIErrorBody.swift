public import InferenceTypes

/// An error as OpenAI-style routes report it: an HTTP status and `{"error": {message, type, param, code}}`.
public struct OpenAIErrorBody: Sendable, Hashable {
    /// The HTTP status.
    public var status: Int
    /// Human-readable; names the field when one is at fault.
    public var message: String
    /// `invalid_request_error`, `authentication_error`, `server_error`, …
    public var type: String
    /// The request field at fault (`messages[1].content`), if any.
    public var param: String?
    /// A machine-readable code (`model_not_found`, `context_length_exceeded`, …).
    public var code: String?
    /// Seconds for a `Retry-After` header (429/503).
    public var retryAfter: Int?

    /// An error with every field given.
    public init(status: Int, message: String, type: String, param: String? = nil, code: String? = nil, retryAfter: Int? = nil) {
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code
        self.retryAfter = retryAfter
    }

    /// The JSON body.
    public var json: JSONValue { Self.json(message: message, type: type, param: param, code: code) }

    static func json(message: String, type: String, param: String?, code: String?) -> JSONValue {
        .makeObject([
            (
                "error",
                .makeObject([
                    ("message", .string(message)), ("type", .string(type)),
                    ("param", param.map { .string($0) } ?? .null), ("code", code.map { .string($0) } ?? .null),
                ])
            )
        ])
    }

    /// The error for an inference failure.
    public init(_ error: InferenceError) {
        switch error {
        case .modelNotFound:
            self.init(status: 404, message: error.description, type: "invalid_request_error", param: "model", code: "model_not_found")
        case .invalidRequest(let param, _):
            self.init(status: 400, message: error.description, type: "invalid_request_error", param: param, code: "invalid_value")
        case .contextOverflow:
            self.init(
                status: 400, message: error.description, type: "invalid_request_error", param: "messages",
                code: "context_length_exceeded"
            )
        case .overloaded(let seconds):
            self.init(status: 503, message: error.description, type: "server_error", code: "overloaded", retryAfter: max(1, seconds))
        case .cancelled:
            self.init(status: 503, message: error.description, type: "server_error", code: "cancelled")
        case .internalError:
            self.init(status: 500, message: error.description, type: "server_error", code: "internal_error")
        }
    }

    /// The error for a request field that is missing (422), of the wrong type (422) or has a bad value (400).
    public init(_ error: JSONFieldError) {
        switch error.kind {
        case .missing, .wrongType:
            self.init(status: 422, message: error.description, type: "invalid_request_error", param: error.path, code: "invalid_type")
        case .invalidValue:
            self.init(status: 400, message: error.description, type: "invalid_request_error", param: error.path, code: "invalid_value")
        }
    }

    /// The error for a bad request field on routes that answer every field error with 400, as the Responses API
    /// does: code `missing_required_parameter`, `invalid_type` or `invalid_value`.
    public init(badRequest error: JSONFieldError) {
        let code: String
        switch error.kind {
        case .missing: code = "missing_required_parameter"
        case .wrongType: code = "invalid_type"
        case .invalidValue: code = "invalid_value"
        }
        self.init(status: 400, message: error.description, type: "invalid_request_error", param: error.path, code: code)
    }

    /// The error for a body that is not valid JSON.
    public init(_ error: JSONParseError) {
        self.init(status: 400, message: "We could not parse the JSON body of your request: \(error.description)",
                  type: "invalid_request_error", code: "invalid_json")
    }
}
