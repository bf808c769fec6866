import Hummingbird
import Logging

/// Renders every thrown error in the shape of the route's API family (OpenAI or Anthropic), with the right
/// status. An unknown route is 404; a known path with the wrong method is 405 with `Allow`.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    /// Methods per path pattern, for telling 405 from 404.
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            var e = APIError.from(error)
            if let http = error as? HTTPError, http.status == .notFound {
                let allowed = routes.methods(for: request.uri.path)
                if allowed.isEmpty {
                    e = APIError(status: 404, message: "Unknown route: \(request.method.rawValue) \(request.uri.path)", code: "unknown_route")
                } else {
                    e = APIError(status: 405, message: "Method \(request.method.rawValue) is not allowed on \(request.uri.path); use \(allowed.joined(separator: ", ")).")
                    e.headers.append(("allow", allowed.joined(separator: ", ")))
                }
            }
            if e.status >= 500 {
                context.logger.error("request failed", metadata: ["status": .stringConvertible(e.status), "error": .string(String(describing: error))])
            } else {
                context.logger.debug("request rejected", metadata: ["status": .stringConvertible(e.status), "error": .string(e.message)])
            }
            return Response.error(e, family: APIFamily.of(request), requestID: context.requestID)
        }
    }
}

/// The served paths and their methods. Patterns may end in `/**` (any rest).
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
        return pattern == path || pattern + "/" == path
    }
}
