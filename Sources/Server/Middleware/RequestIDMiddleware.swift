import APICommon
import Hummingbird
import InferenceTypes
import Logging
import NIOCore

/// Outermost middleware: gives each request an id (`x-request-id` and Anthropic's `request-id` on every response,
/// errors included) and puts it in the logger's metadata; once the response's last byte is written (a stream's too)
/// it logs one line for the request and records its metrics from the request's ``RequestRecord``.
///
/// The line: `request_id`, `method`, `route` (the path), `model` (as asked), `key` (the key's id, `static` or
/// `anonymous`, never a secret), `status`, `prompt_tokens`, `completion_tokens`, `reasoning_tokens`, `ttft_ms`,
/// `duration_ms`, `finish_reason`, `outcome` (the ledger's), `rejected` (why a request was refused).
struct RequestIDMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let metrics: ServerMetrics?

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
        let finish = RequestLine(method: request.method.rawValue, path: request.uri.path,
            route: context.endpointPath ?? "unmatched", status: Int(response.status.code), start: start,
            record: context.record, logger: context.logger, metrics: metrics)
        let body = response.body
        response.body = ResponseBody(contentLength: body.contentLength) { writer in
            do {
                try await body.write(writer)
                finish.emit()
            } catch {
                finish.emit()
                throw error
            }
        }
        return response
    }
}

/// One request's log line and metrics, written once its response is complete.
private struct RequestLine: Sendable {
    let method: String
    let path: String
    let route: String
    let status: Int
    let start: ContinuousClock.Instant
    let record: RequestRecord
    let logger: Logger
    let metrics: ServerMetrics?

    func emit() {
        let elapsed = ContinuousClock.now - start
        let r = record.snapshot
        metrics?.record(route: route, status: status, duration: elapsed, r)
        var fields: Logger.Metadata = [
            "method": .string(method), "route": .string(path), "status": .stringConvertible(status),
            "duration_ms": .stringConvertible(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000),
        ]
        if let m = r.requestedModel { fields["model"] = .string(m) }
        if let k = r.key { fields["key"] = .string(k) }
        if let u = r.usage {
            fields["prompt_tokens"] = .stringConvertible(u.promptTokens)
            fields["cached_tokens"] = .stringConvertible(u.cachedPromptTokens)
            fields["completion_tokens"] = .stringConvertible(u.completionTokens)
            fields["reasoning_tokens"] = .stringConvertible(u.reasoningTokens)
        }
        if let t = r.ttftMs { fields["ttft_ms"] = .stringConvertible(t) }
        if let f = r.finishReason { fields["finish_reason"] = .string(f) }
        if let o = r.outcome { fields["outcome"] = .string(o) }
        if let why = r.rejection { fields["rejected"] = .string(why) }
        logger.info("request", metadata: fields)
    }
}
