import HTTPTypes
import Hummingbird

/// Static API keys, compared in constant time. A key may come as `Authorization: Bearer <key>` or `x-api-key`;
/// on the ModelsLab routes (`/api/v7/llm/…`) it may instead be the body field `key`, checked by
/// `JSONBodyMiddleware` once the body is parsed. No configured keys = open server. `/health` is always open.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let keys: StaticKeys

    static let modelsLabPrefix = "/api/v7/llm/"

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !keys.isEmpty, request.uri.path != "/health" else { return try await next(request, context) }
        if let presented = Self.headerKey(request) {
            guard keys.matches(presented) else { throw APIError.unauthorized("Incorrect API key provided.") }
            return try await next(request, context)
        }
        if request.uri.path.hasPrefix(Self.modelsLabPrefix) {
            if request.method == .post {
                var context = context
                context.needsBodyKey = true
                return try await next(request, context)
            }
            if let key = request.uri.queryParameters["key"].map(String.init) {
                guard keys.matches(key) else { throw APIError.unauthorized("Incorrect API key provided.") }
                return try await next(request, context)
            }
        }
        throw APIError.unauthorized(
            "You didn't provide an API key. Send it as `Authorization: Bearer <key>` or in the `x-api-key` header."
        )
    }

    /// The key from `Authorization: Bearer …` or `x-api-key`.
    static func headerKey(_ request: Request) -> String? {
        if let auth = request.headers[.authorization] {
            let parts = auth.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" { return String(parts[1]).trimmingSpaces() }
        }
        if let key = request.headers[HeaderNames.apiKey] { return key.trimmingSpaces() }
        return nil
    }

    /// Checks the ModelsLab body `key`.
    static func checkBodyKey(_ key: String?, keys: StaticKeys) throws {
        guard let key else {
            throw APIError.unauthorized("You didn't provide an API key. Send it in the `key` field of the body or as a Bearer token.")
        }
        guard keys.matches(key) else { throw APIError.unauthorized("Incorrect API key provided.") }
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var s = Substring(self)
        while s.first == " " { s.removeFirst() }
        while s.last == " " { s.removeLast() }
        return String(s)
    }
}
