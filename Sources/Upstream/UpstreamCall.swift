import APICommon
import Inference
import InferenceTypes
import Logging
import Synchronization

/// One request to an upstream model (a chat, or a raw text completion): attempts at its URLs until one answers, then
/// that reply passed through as chat stream items, event by event, without buffering.
///
/// Attempts go in the pool's order, skipping URLs whose circuit is open; another attempt is made only while nothing
/// went to the client yet (a failure after that ends the stream with an error event). Each attempt is timed by a
/// ``Watchdog``; cancelling the task that runs ``run(into:meter:)`` (the client went away) cancels the HTTP request,
/// so the upstream stops generating.
struct UpstreamCall: Sendable {
    let model: UpstreamModel
    let dialect: any UpstreamDialect
    let pool: EndpointPool
    let transport: any UpstreamTransport
    /// The endpoint under each base URL.
    let path: String
    let body: [UInt8]
    /// The prompt's estimated size (until the upstream reports its own).
    let promptTokens: Int
    let logger: Logger

    /// Runs the request, yielding into `continuation` and reporting usage to `meter`; finishes the continuation.
    func run(into continuation: ChatStream.Continuation, meter: UsageMeter?) async {
        var last: AttemptFailure?
        for index in pool.order(attempts: model.attemptLimit) {
            guard !Task.isCancelled else { return continuation.finish(throwing: InferenceError.cancelled) }
            guard pool.admit(index) else { continue }
            let progress = AttemptProgress()
            let feed = MeterFeed(meter: meter)
            do {
                try await attempt(index, progress: progress) { items in
                    if progress.markSent() { pool.succeeded(index) }
                    for item in items {
                        feed.observe(item)
                        continuation.yield(item)
                    }
                }
                return continuation.finish()
            } catch {
                guard !Task.isCancelled else { return continuation.finish(throwing: InferenceError.cancelled) }
                let failure = (error as? AttemptFailure) ?? .transport(String(describing: error))
                if failure.countsAgainstURL { pool.failed(index) } else if !progress.sent { pool.succeeded(index) }
                logger.warning("upstream attempt failed", metadata: [
                    "model": .string(model.id), "url": .string(pool.urls[index]), "error": .string(String(describing: failure)),
                    "after_first_byte": .stringConvertible(progress.sent),
                ])
                guard !progress.sent, failure.retryable else { return continuation.finish(throwing: failure.clientError(model: model.id)) }
                last = failure
            }
        }
        if let last { return continuation.finish(throwing: last.clientError(model: model.id)) }
        let wait = pool.waitTime().components.seconds + 1
        continuation.finish(throwing: UpstreamError(.unavailable,
            "The upstream of model `\(model.id)` is unavailable (every URL failed recently); retry in \(wait) s.",
            retryAfterSeconds: Int(wait)))
    }

    /// One attempt at URL `index`, timed by the watchdog; `deliver` gets the items of each upstream event.
    private func attempt(_ index: Int, progress: AttemptProgress, deliver: @escaping @Sendable ([ChatStreamItem]) -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await exchange(index, progress: progress, deliver: deliver) }
            group.addTask { try await Watchdog.run(progress, timeouts: model.timeouts) }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Sends the request and reads the reply: a stream of events, or (from servers that ignore `stream`) a whole body.
    private func exchange(_ index: Int, progress: AttemptProgress, deliver: @Sendable ([ChatStreamItem]) -> Void) async throws {
        let request = UpstreamHTTPRequest(url: pool.urls[index] + path,
            headers: dialect.headers(apiKey: model.apiKey), body: body)
        var response: UpstreamHTTPResponse
        do {
            response = try await transport.send(request)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AttemptFailure.transport(String(describing: error))
        }
        progress.touch()
        guard (200..<300).contains(response.status) else {
            let bytes = (try? await Self.read(&response.body, limit: 64 * 1024, progress: progress)) ?? []
            let text = (try? JSONValue.parse(bytes)).flatMap(UpstreamReplyError.errorText(in:))
            let raw = bytes.isEmpty ? nil : String(decoding: bytes.prefix(500), as: UTF8.self)
            throw AttemptFailure.status(response.status, message: text?.message ?? raw, type: text?.type,
                retryAfter: response.retryAfter)
        }
        do {
            if response.contentType?.lowercased().hasPrefix("application/json") == true {
                let bytes = try await Self.read(&response.body, limit: 64 * 1024 * 1024, progress: progress)
                let json: JSONValue
                do { json = try JSONValue.parse(bytes) } catch {
                    throw UpstreamReplyError.malformed("the reply body is not JSON (\(error.description))")
                }
                deliver(try dialect.bodyItems(json, promptTokens: promptTokens))
                return
            }
            var parser = SSEParser()
            var decoder = dialect.streamDecoder(promptTokens: promptTokens)
            while let chunk = try await response.body.next() {
                progress.touch()
                for event in parser.feed(chunk) {
                    let items = try decoder.decode(event)
                    if !items.isEmpty { deliver(items) }
                }
            }
            var tail: [ChatStreamItem] = []
            for event in parser.feed([0x0A, 0x0A]) { tail += try decoder.decode(event) }
            tail += try decoder.finish()
            if !tail.isEmpty { deliver(tail) }
        } catch let e as UpstreamReplyError {
            throw AttemptFailure.reply(e)
        } catch let e as AttemptFailure {
            throw e
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AttemptFailure.transport(String(describing: error))
        }
    }

    /// The whole body, up to `limit` bytes (more is a malformed reply).
    private static func read(_ body: inout any UpstreamBody, limit: Int, progress: AttemptProgress) async throws -> [UInt8] {
        var out: [UInt8] = []
        while let chunk = try await body.next() {
            progress.touch()
            out += chunk
            guard out.count <= limit else { throw UpstreamReplyError.malformed("the reply body is larger than \(limit) bytes") }
        }
        return out
    }
}

/// Follows the usage of a reply on the bill's meter as its items go by: the prompt when it starts, one token per
/// fragment (what the engines stream) until the upstream's final usage, which replaces the count.
///
/// - Important: thread-safe (one `Mutex`), though one attempt's items arrive in order from one task.
final class MeterFeed: Sendable {
    private struct State {
        var counts: [Int: (all: Int, reasoning: Int)] = [:]
        var cached = 0
    }
    let meter: UsageMeter?
    private let state = Mutex(State())

    init(meter: UsageMeter?) {
        self.meter = meter
    }

    func observe(_ item: ChatStreamItem) {
        guard let meter else { return }
        switch item {
        case .started(let prompt, let cached):
            meter.recordPrompt(tokens: prompt)
            state.withLock { $0.cached = cached }
        case .choice(let index, let event):
            let reasoning: Bool
            switch event {
            case .contentDelta, .toolCallArguments: reasoning = false
            case .reasoningDelta: reasoning = true
            default: return
            }
            let (c, cached) = state.withLock { s in
                var c = s.counts[index] ?? (0, 0)
                c.all += 1
                if reasoning { c.reasoning += 1 }
                s.counts[index] = c
                return (c, s.cached)
            }
            meter.record(choice: index, generated: c.all, reasoning: c.reasoning, cachedPromptTokens: cached)
        case .usage(let usage):
            meter.recordFinal(usage)
        }
    }
}
