import APICommon
import Hummingbird
import Logging

/// Outermost middleware: gives each request an id (`x-request-id` and Anthropic's `request-id` on every
/// response, errors included), puts it in the logger's metadata, and logs one line per request.
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let id = Identifiers.request()
        context.requestID = id
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            // The error middleware sits inside this one; anything reaching here is a bug, still rendered safely.
            context.logger.error("unhandled error", metadata: ["error": .string(String(describing: error))])
            response = Response.error(APIError.from(error), family: APIFamily.of(request), requestID: id)
        }
        response.headers[HeaderNames.requestID] = id
        response.headers[HeaderNames.anthropicRequestID] = id
        let elapsed = ContinuousClock.now - start
        context.logger.info(
            "request",
            metadata: [
                "method": .string(request.method.rawValue), "path": .string(request.uri.path),
                "status": .stringConvertible(response.status.code),
                "ms": .stringConvertible(Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)),
            ]
        )
        return response
    }
}
