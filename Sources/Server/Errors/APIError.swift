import AnthropicAPI
import Hummingbird
import InferenceTypes
import OpenAIAPI

/// An error on its way to the client, in a form both API families can render. Every error a route, middleware or
/// the inference service throws is converted to this exactly once (`APIError.from`), so no route can leak a
/// stack trace or an exception name.
struct APIError: Error, Sendable {
    var status: Int
    var message: String
    /// OpenAI `error.type`; nil derives it from the status.
    var openAIType: String?
    var param: String?
    var code: String?
    /// Anthropic `error.type`; nil derives it from the status.
    var anthropicType: String?
    /// `Retry-After` seconds.
    var retryAfter: Int?
    /// Extra response headers (e.g. `Allow` on a 405).
    var headers: [(String, String)] = []

    init(
        status: Int, message: String, openAIType: String? = nil, param: String? = nil, code: String? = nil,
        anthropicType: String? = nil, retryAfter: Int? = nil
    ) {
        self.status = status
        self.message = message
        self.openAIType = openAIType
        self.param = param
        self.code = code
        self.anthropicType = anthropicType
        self.retryAfter = retryAfter
    }

    /// The OpenAI-shaped body.
    var openAI: OpenAIErrorBody {
        OpenAIErrorBody(
            status: status, message: message, type: openAIType ?? Self.openAIType(forStatus: status), param: param,
            code: code, retryAfter: retryAfter
        )
    }

    /// The Anthropic-shaped body. Queue-full errors are 529 on Anthropic routes.
    var anthropic: AnthropicErrorBody {
        // Queue full is 529 on Anthropic routes; schema errors are 400 there (Anthropic has no 422).
        let s = status == 503 && code == "overloaded" ? 529 : status == 422 ? 400 : status
        return AnthropicErrorBody(
            status: s, type: anthropicType ?? AnthropicErrorBody.type(forStatus: s), message: message, retryAfter: retryAfter
        )
    }

    static func openAIType(forStatus status: Int) -> String {
        switch status {
        case 401: return "authentication_error"
        case 403: return "permission_error"
        case 429: return "rate_limit_error"
        case 500..<600: return "server_error"
        default: return "invalid_request_error"
        }
    }

    /// Converts anything thrown while handling a request.
    static func from(_ error: any Error) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as InferenceError: return APIError(e)
        case let e as JSONFieldError: return APIError(OpenAIErrorBody(e))
        case let e as JSONParseError: return APIError(OpenAIErrorBody(e))
        case let e as HTTPError:
            return APIError(status: Int(e.status.code), message: e.body ?? e.status.reasonPhrase)
        default:
            // Never show internals; the log has the details.
            return APIError(status: 500, message: "The server had an error while processing your request.")
        }
    }

    init(_ e: InferenceError) {
        let body = OpenAIErrorBody(e)
        self.init(status: body.status, message: body.message, openAIType: body.type, param: body.param, code: body.code, retryAfter: body.retryAfter)
        if case .modelNotFound = e { anthropicType = "not_found_error" }
    }

    init(_ body: OpenAIErrorBody) {
        self.init(status: body.status, message: body.message, openAIType: body.type, param: body.param, code: body.code, retryAfter: body.retryAfter)
    }

    /// 404 for a model name nothing resolves to.
    static func modelNotFound(_ name: String) -> APIError {
        APIError(InferenceError.modelNotFound(name))
    }

    /// 401 for a missing or wrong key.
    static func unauthorized(_ message: String) -> APIError {
        APIError(status: 401, message: message, openAIType: "authentication_error", code: "invalid_api_key")
    }
}
