import Hummingbird

/// Which error shape and SSE dialect a route speaks.
enum APIFamily: Sendable {
    /// `{"error": {message, type, param, code}}`.
    case openAI
    /// `{"type": "error", "error": {type, message}, "request_id"}`.
    case anthropic

    /// Messages routes (also under the ModelsLab prefix) are Anthropic; anything else is OpenAI unless the client
    /// announced itself with `anthropic-version` (e.g. Claude Code's model discovery on `/v1/models`).
    static func of(_ request: Request) -> APIFamily {
        let path = request.uri.path
        if path.hasSuffix("/messages") || path.hasSuffix("/messages/count_tokens") || path.contains("/messages/") {
            return .anthropic
        }
        if request.headers[HeaderNames.anthropicVersion] != nil { return .anthropic }
        return .openAI
    }
}
