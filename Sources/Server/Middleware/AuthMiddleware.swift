import HTTPTypes
import Hummingbird

/// Establishes the ``Caller`` of each request through ``KeyAuthority`` (static keys, then the platform's keys). A key
/// may come as `Authorization: Bearer <key>` or `x-api-key`; on the ModelsLab routes (`/api/v7/llm/…`) it may instead
/// be the body field `key`, checked by `JSONBodyMiddleware` once the body is parsed, or the query's `key` on GETs.
/// `/health`, the probes, the metrics scrape and the web pages (``isPagePath(_:)``) are always open: the pages hold no
/// data of anyone's, and the playground and usage page send the key the person pasted with their API calls.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let authority: KeyAuthority

    static let modelsLabPrefix = "/api/v7/llm/"
    /// Paths that never need an API key: probes, the metrics scrape (which has its own optional key) and the OpenAPI
    /// document.
    static let openPaths: Set<String> = ["/health", "/ready", "/metrics", "/openapi.json"]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !Self.openPaths.contains(request.uri.path), !Self.isPagePath(request.uri.path), !Self.isBrowserPage(request) else {
            return try await next(request, context)
        }
        var context = context
        let now = UnixTime.milliseconds()
        var presented = Self.headerKey(request)
        if presented == nil, request.uri.path.hasPrefix(Self.modelsLabPrefix) {
            if request.method == .post, try await !authority.isOpen(now: now) {
                context.needsBodyKey = true
                return try await next(request, context)
            }
            presented = request.uri.queryParameters["key"].map(String.init)
        }
        context.caller = try await authority.authenticate(presented, now: now)
        let label = context.caller.logLabel
        context.record.update { $0.key = label }
        return try await next(request, context)
    }

    /// The web pages' paths: `/`, `/playground`, `/models` and below, `/llms.txt`, `/usage` and `/assets/…`.
    static func isPagePath(_ path: String) -> Bool {
        ["/", "/playground", "/models", "/llms.txt", "/usage"].contains(path) || path.hasPrefix("/models/")
            || path.hasPrefix("/assets/")
    }

    /// A browser asking for a page outside the API's paths (which, if no route has it, gets the HTML 404 page
    /// rather than a demand for a key).
    static func isBrowserPage(_ request: Request) -> Bool {
        request.method == .get && request.headers[.accept]?.contains("text/html") == true
            && !APIFamily.isAPIPath(request.uri.path)
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

    /// The caller behind the ModelsLab body `key`.
    static func bodyKeyCaller(_ key: String?, authority: KeyAuthority) async throws -> Caller {
        guard let key, !key.isEmpty else {
            throw APIError.unauthorized("You didn't provide an API key. Send it in the `key` field of the body or as a Bearer token.")
        }
        return try await authority.authenticate(key, now: UnixTime.milliseconds())
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
