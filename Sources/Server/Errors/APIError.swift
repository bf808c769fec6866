import AnthropicAPI
import Hummingbird
import InferenceTypes
import Storage
import OpenAIAPI
import Upstream

/// Every way a request can fail, as one enum that renders itself in each API family's shape and status. Everything
/// a route, middleware or the inference service throws is converted to this exactly once (`APIError.from`), so no
/// route can leak a stack trace or an exception name.
enum APIError: Error, Sendable {
    /// The inference layer refused or failed the request.
    case inference(InferenceError)
    /// A request field is missing, of the wrong type or has a bad value.
    case invalidField(JSONFieldError)
    /// The body is not valid JSON.
    case invalidJSON(JSONParseError)
    /// A missing or wrong API key (401).
    case unauthorized(String)
    /// No route has this path (404).
    case unknownRoute(method: String, path: String)
    /// The path exists with other methods (405 with `Allow`).
    case methodNotAllowed(method: String, path: String, allowed: [String])
    /// The body is larger than the configured limit (413).
    case bodyTooLarge(limit: Int)
    /// The body is not JSON or is empty (415).
    case unsupportedBody(String)
    /// An HTTP-level rejection raised by the HTTP framework itself (its status and reason).
    case http(status: Int, message: String)
    /// A failure inside the server; the client sees a generic message, the log has the details (500).
    case internalError
    /// The key may not use this model (OpenAI: 404 as for an unknown model; Anthropic: 403 `permission_error`).
    case modelNotAllowed(String)
    /// A key's requests-per-minute or tokens-per-minute bucket is empty (429 with `retry-after` and the buckets).
    case rateLimited(RateRefusal)
    /// The key's balance cannot cover the request's worst case (OpenAI: 429 `insufficient_quota`; Anthropic: 400
    /// with its credit-balance message).
    case insufficientCredit
    /// The caller is authenticated but not allowed (the admin API without an admin key) (403).
    case forbidden(String)
    /// A platform object (a key, a ledger row) does not exist (404).
    case notFound(String)
    /// The platform's database failed; the client sees a generic 503, the log has the details.
    case storeUnavailable(String)
    /// A request field is missing, of the wrong type or has a bad value, on a route that answers all of these with
    /// 400 (the Responses API).
    case badRequest(JSONFieldError)
    /// `previous_response_id` names no response the caller stored (400 `previous_response_not_found`).
    case previousResponseNotFound(String)
    /// An upstream model's upstream gave no usable answer (502, 503 or 504).
    case upstream(UpstreamError)

    /// 404 for a model name nothing resolves to.
    static func modelNotFound(_ name: String) -> APIError { .inference(.modelNotFound(name)) }

    /// Converts anything thrown while handling a request.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InferenceError: return .inference(e)
        case let e as UpstreamError: return .upstream(e)
        case let e as JSONFieldError: return .invalidField(e)
        case let e as JSONParseError: return .invalidJSON(e)
        case let e as HTTPError: return .http(status: Int(e.status.code), message: e.body ?? e.status.reasonPhrase)
        default: return .internalError
        }
    }

    /// The OpenAI-shaped error.
    var openAI: OpenAIErrorBody {
        switch self {
        case .inference(.internalError): return APIError.internalError.openAI
        case .inference(let e): return OpenAIErrorBody(e)
        case .invalidField(let e): return OpenAIErrorBody(e)
        case .invalidJSON(let e): return OpenAIErrorBody(e)
        case .unauthorized(let message):
            return OpenAIErrorBody(status: 401, message: message, type: "authentication_error", code: "invalid_api_key")
        case .unknownRoute(let method, let path):
            return OpenAIErrorBody(status: 404, message: Self.unknownRouteMessage(method, path),
                type: "invalid_request_error", code: "unknown_route")
        case .methodNotAllowed(let method, let path, let allowed):
            return OpenAIErrorBody(status: 405, message: Self.methodMessage(method, path, allowed),
                type: "invalid_request_error", code: "method_not_allowed")
        case .bodyTooLarge(let limit):
            return OpenAIErrorBody(status: 413, message: Self.tooLargeMessage(limit), type: "invalid_request_error",
                code: "request_too_large")
        case .unsupportedBody(let message):
            return OpenAIErrorBody(status: 415, message: message, type: "invalid_request_error",
                code: "unsupported_media_type")
        case .http(let status, let message):
            return OpenAIErrorBody(status: status, message: message,
                type: status >= 500 ? "server_error" : "invalid_request_error")
        case .internalError:
            return OpenAIErrorBody(status: 500, message: Self.internalMessage, type: "server_error", code: "internal_error")
        case .modelNotAllowed(let name):
            return OpenAIErrorBody(status: 404, message: InferenceError.modelNotFound(name).description,
                type: "invalid_request_error", param: "model", code: "model_not_found")
        case .rateLimited(let r):
            return OpenAIErrorBody(status: 429, message: r.message, type: r.kind.rawValue, code: "rate_limit_exceeded",
                retryAfter: r.retryAfterSeconds)
        case .insufficientCredit:
            return OpenAIErrorBody(status: 429,
                message: "You exceeded your current quota, please check your plan and billing details.",
                type: "insufficient_quota", code: "insufficient_quota")
        case .forbidden(let message):
            return OpenAIErrorBody(status: 403, message: message, type: "permission_error", code: "insufficient_permissions")
        case .notFound(let message):
            return OpenAIErrorBody(status: 404, message: message, type: "invalid_request_error", code: "not_found")
        case .storeUnavailable:
            return OpenAIErrorBody(status: 503, message: Self.storeMessage, type: "server_error", code: "store_unavailable",
                retryAfter: 1)
        case .badRequest(let e):
            return OpenAIErrorBody(badRequest: e)
        case .previousResponseNotFound(let id):
            return OpenAIErrorBody(status: 400, message: Self.previousMessage(id), type: "invalid_request_error",
                param: "previous_response_id", code: "previous_response_not_found")
        case .upstream(let e):
            return OpenAIErrorBody(status: e.status, message: e.message, type: "server_error", code: e.code,
                retryAfter: e.retryAfterSeconds)
        }
    }

    /// The Anthropic-shaped error (Anthropic has no 422 and reports a full queue as 529).
    var anthropic: AnthropicErrorBody {
        switch self {
        case .inference(.internalError): return APIError.internalError.anthropic
        case .inference(let e): return AnthropicErrorBody(e)
        case .invalidField(let e): return AnthropicErrorBody(e)
        case .invalidJSON(let e): return AnthropicErrorBody(e)
        case .unauthorized(let message):
            return AnthropicErrorBody(status: 401, type: "authentication_error", message: message)
        case .unknownRoute(let method, let path):
            return AnthropicErrorBody(status: 404, type: "not_found_error", message: Self.unknownRouteMessage(method, path))
        case .methodNotAllowed(let method, let path, let allowed):
            return AnthropicErrorBody(status: 405, type: "invalid_request_error",
                message: Self.methodMessage(method, path, allowed))
        case .bodyTooLarge(let limit):
            return AnthropicErrorBody(status: 413, type: "request_too_large", message: Self.tooLargeMessage(limit))
        case .unsupportedBody(let message):
            return AnthropicErrorBody(status: 415, type: "invalid_request_error", message: message)
        case .http(let status, let message):
            return AnthropicErrorBody(status: status, type: AnthropicErrorBody.type(forStatus: status), message: message)
        case .internalError:
            return AnthropicErrorBody(status: 500, type: "api_error", message: Self.internalMessage)
        case .modelNotAllowed(let name):
            return AnthropicErrorBody(status: 403, type: "permission_error",
                message: "Your API key does not have permission to use the model `\(name)`.")
        case .rateLimited(let r):
            return AnthropicErrorBody(status: 429, type: "rate_limit_error", message: r.message, retryAfter: r.retryAfterSeconds)
        case .insufficientCredit:
            return AnthropicErrorBody(status: 400, type: "invalid_request_error",
                message: "Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.")
        case .forbidden(let message):
            return AnthropicErrorBody(status: 403, type: "permission_error", message: message)
        case .notFound(let message):
            return AnthropicErrorBody(status: 404, type: "not_found_error", message: message)
        case .storeUnavailable:
            return AnthropicErrorBody(status: 503, type: "api_error", message: Self.storeMessage, retryAfter: 1)
        case .badRequest(let e):
            return AnthropicErrorBody(e)
        case .previousResponseNotFound(let id):
            return AnthropicErrorBody(status: 400, type: "invalid_request_error", message: Self.previousMessage(id))
        case .upstream(let e):
            return AnthropicErrorBody(status: e.status, type: AnthropicErrorBody.type(forStatus: e.status), message: e.message,
                retryAfter: e.retryAfterSeconds)
        }
    }

    /// Headers the error response carries besides the body (`Allow` on a 405, the rate-limit buckets on a 429;
    /// `Retry-After` comes from the body).
    func headers(for family: APIFamily) -> [(String, String)] {
        switch self {
        case .methodNotAllowed(_, _, let allowed): return [("allow", allowed.joined(separator: ", "))]
        case .rateLimited(let r): return r.snapshot.headers(for: family)
        default: return []
        }
    }

    /// Why a request was refused, for `swiftlet_rejected_requests_total` (nil: not a refusal but a failure or a miss).
    var rejectionReason: String? {
        switch self {
        case .unauthorized: return "auth"
        case .forbidden, .modelNotAllowed: return "forbidden"
        case .rateLimited: return "rate_limit"
        case .insufficientCredit: return "credits"
        case .invalidField, .invalidJSON, .unsupportedBody: return "validation"
        case .bodyTooLarge: return "too_large"
        case .inference(.invalidRequest), .inference(.contextOverflow): return "validation"
        case .inference(.modelNotFound): return "model_not_found"
        case .inference(.overloaded): return "overloaded"
        default: return nil
        }
    }

    /// The HTTP status on OpenAI-style routes (for logs; each family's body has its own).
    var status: Int { openAI.status }
    /// The client-facing message (for logs).
    var message: String { openAI.message }

    /// What a client sees of a server-side failure: never its details (the log has them, under the same request id).
    private static let internalMessage =
        "The server had an error while processing your request. Quote the request id (x-request-id header) when reporting it."
    private static let storeMessage = "The usage database is unavailable; retry later."

    private static func previousMessage(_ id: String) -> String { "Previous response with id '\(id)' not found." }

    private static func unknownRouteMessage(_ method: String, _ path: String) -> String {
        "Unknown route: \(method) \(path)"
    }

    private static func methodMessage(_ method: String, _ path: String, _ allowed: [String]) -> String {
        "Method \(method) is not allowed on \(path); use \(allowed.joined(separator: ", "))."
    }

    private static func tooLargeMessage(_ limit: Int) -> String {
        "Request body is too large: the limit is \(limit) bytes."
    }
}
