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

    /// Paths of the APIs (never of web pages): `/v1/…`, `/api/…`, `/admin/…`, probes and metrics.
    static func isAPIPath(_ path: String) -> Bool {
        path.hasPrefix("/v1/") || path.hasPrefix("/api/") || path.hasPrefix("/admin/") || path == "/v1"
            || ["/health", "/ready", "/metrics"].contains(path)
    }
}
