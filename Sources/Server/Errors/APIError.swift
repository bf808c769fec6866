import AnthropicAPI
import Hummingbird
import InferenceTypes
import OpenAIAPI

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

    /// 404 for a model name nothing resolves to.
    static func modelNotFound(_ name: String) -> APIError { .inference(.modelNotFound(name)) }

    /// Converts anything thrown while handling a request.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InferenceError: return .inference(e)
        case let e as JSONFieldError: return .invalidField(e)
        case let e as JSONParseError: return .invalidJSON(e)
        case let e as HTTPError: return .http(status: Int(e.status.code), message: e.body ?? e.status.reasonPhrase)
        default: return .internalError
        }
    }

    /// The OpenAI-shaped error.
    var openAI: OpenAIErrorBody {
        switch self {
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
        }
    }

    /// The Anthropic-shaped error (Anthropic has no 422 and reports a full queue as 529).
    var anthropic: AnthropicErrorBody {
        switch self {
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
        }
    }

    /// Headers the error response carries besides the body (`Allow` on a 405; `Retry-After` comes from the body).
    var headers: [(String, String)] {
        if case .methodNotAllowed(_, _, let allowed) = self { return [("allow", allowed.joined(separator: ", "))] }
        return []
    }

    /// The HTTP status on OpenAI-style routes (for logs; each family's body has its own).
    var status: Int { openAI.status }
    /// The client-facing message (for logs).
    var message: String { openAI.message }

    private static let internalMessage = "The server had an error while processing your request."

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
