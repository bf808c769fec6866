import Hummingbird
import Logging

/// Renders every thrown error in the shape of the route's API family (OpenAI or Anthropic), with the right
/// status. An unknown route is 404; a known path with the wrong method is 405 with `Allow`.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Methods per path pattern, for telling 405 from 404.
    let routes: RouteTable
    /// The body limit, for the message of a 413 raised by the HTTP layer itself.
    let maxBodyBytes: Int
    /// The HTML 404 page for a browser asking for a path no route has (nil = answer in JSON, as for API clients).
    var pageNotFound: (@Sendable (Request) async -> Response?)?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var e = APIError.from(error)
            if let http = error as? HTTPError {
                let method = request.method.rawValue, path = request.uri.path
                let allowed = routes.methods(for: path)
                if http.status == .notFound, allowed.isEmpty, let page = await pageNotFound?(request) {
                    return page
                }
                if http.status == .notFound {
                    e = allowed.isEmpty
                        ? .unknownRoute(method: method, path: path)
                        : .methodNotAllowed(method: method, path: path, allowed: allowed)
                } else if http.status == .contentTooLarge {
                    e = .bodyTooLarge(limit: maxBodyBytes)
                }
            }
            if let reason = e.rejectionReason { context.record.update { $0.rejection = reason } }
            if e.status >= 500 {
                context.logger.error("request failed", metadata: ["status": .stringConvertible(e.status), "error": .string(String(describing: error))])
            } else {
                context.logger.debug("request rejected", metadata: ["status": .stringConvertible(e.status), "error": .string(e.message)])
            }
            return Response.error(e, family: APIFamily.of(request), requestID: context.requestID)
        }
    }
}

/// The served paths and their methods. Patterns may end in `/**` (any rest) and have `{name}` segments (any one
/// segment).
struct RouteTable: Sendable {
    private(set) var entries: [(pattern: String, method: String)] = []

    mutating func add(_ pattern: String, _ method: String) { entries.append((pattern, method)) }

    func methods(for path: String) -> [String] {
        var out: [String] = []
        for (pattern, method) in entries where Self.matches(pattern, path) && !out.contains(method) { out.append(method) }
        return out
    }

    static func matches(_ pattern: String, _ path: String) -> Bool {
        if pattern.hasSuffix("/**") {
            let prefix = pattern.dropLast(2)
            return path.hasPrefix(prefix) && path.count > prefix.count
        }
        if pattern == path || pattern + "/" == path { return true }
        guard pattern.contains("{") else { return false }
        let p = pattern.split(separator: "/"), q = path.split(separator: "/")
        guard p.count == q.count else { return false }
        return zip(p, q).allSatisfy { $0 == $1 || ($0.hasPrefix("{") && $0.hasSuffix("}")) }
    }
}
