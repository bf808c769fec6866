import APICommon
import Inference
import InferenceTypes
import Logging
import Testing
import Upstream

/// Attempts, failover, retries before the first byte only, timeouts and the circuit breaker, against a scripted
/// transport (no sockets).
@Suite struct FailoverTests {
    static let a = "http://a:1/v1"
    static let b = "http://b:1/v1"

    static func service(_ transport: ScriptedTransport, urls: [String] = [a, b], options: [String: String] = [:],
        clock: TestClock = TestClock()) throws -> UpstreamInferenceService
    {
        var config = UpstreamConfiguration()
        for url in urls { try config.addUpstream("m=\(url)#remote") }
        for (name, value) in options { try config.set("m", name, value) }
        return UpstreamInferenceService(configuration: config, transport: transport, logger: Logger(label: "test"),
            created: 0, clock: { clock.now })
    }

    static let chat = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "hi")])

    /// Runs one request to the end: its folded result, or the error it failed with.
    static func run(_ service: UpstreamInferenceService, meter: UsageMeter? = nil) async -> Result<ChatResult, any Error> {
        do {
            let pending = try await service.prepareChat(chat)
            #expect(pending.respondsAfterFirstItem)
            var acc = ChatResultAccumulator()
            for try await item in try pending.start(meter: meter) { acc.add(item) }
            return .success(acc.result)
        } catch {
            return .failure(error)
        }
    }

    static func content(_ r: Result<ChatResult, any Error>) -> String? {
        if case .success(let v) = r { return v.choices.first?.content }
        return nil
    }

    static func error(_ r: Result<ChatResult, any Error>) -> (any Error)? {
        if case .failure(let e) = r { return e }
        return nil
    }

    @Test func aRefusedURLFailsOverToTheNext() async throws {
        let t = ScriptedTransport([Self.a: [.refuse], Self.b: [.stream(openAIFrames(["Hel", "lo"]))]])
        let s = try Self.service(t)
        let meter = UsageMeter()
        let r = await Self.run(s, meter: meter)
        #expect(Self.content(r) == "Hello")
        #expect(t.sent == [Self.a + "/chat/completions", Self.b + "/chat/completions"])
        #expect(meter.usage == Usage(promptTokens: 5, completionTokens: 2))
    }

    @Test func serverErrorsAndOverloadRetryButRefusalsDoNot() async throws {
        let t = ScriptedTransport([Self.a: [.status(503, #"{"error":{"message":"busy"}}"#)], Self.b: [.stream(openAIFrames(["ok"]))]])
        #expect(Self.content(await Self.run(try Self.service(t))) == "ok")

        let bad = ScriptedTransport([Self.a: [.status(400, #"{"error":{"message":"prompt too long","type":"invalid_request_error"}}"#)],
            Self.b: [.stream(openAIFrames(["never"]))]])
        let e = Self.error(await Self.run(try Self.service(bad)))
        #expect(e as? InferenceError == .invalidRequest(parameter: nil, message: "The upstream of model `m` refused the request: prompt too long"))
        #expect(bad.sent.count == 1)
    }

    @Test func allURLsDownIsABadGateway() async throws {
        let t = ScriptedTransport([:])
        let e = Self.error(await Self.run(try Self.service(t)))
        #expect((e as? UpstreamError)?.kind == .badGateway)
        #expect((e as? UpstreamError)?.status == 502)
        #expect(t.sent.count == 2)
    }

    @Test func oneURLIsTriedTwice() async throws {
        let t = ScriptedTransport([Self.a: [.refuse, .stream(openAIFrames(["x"]))]])
        #expect(Self.content(await Self.run(try Self.service(t, urls: [Self.a]))) == "x")
        #expect(t.sent.count == 2)
    }

    @Test func noRetryAfterTheFirstByte() async throws {
        // The stream breaks after the role chunk and one word: the client already has them.
        let t = ScriptedTransport([Self.a: [.stream(openAIFrames(["one", "two"]), breakAfter: 2)], Self.b: [.stream(openAIFrames(["b"]))]])
        let s = try Self.service(t)
        let pending = try await s.prepareChat(Self.chat)
        var items: [ChatStreamItem] = []
        var failure: (any Error)?
        do {
            for try await item in try pending.start() { items.append(item) }
        } catch {
            failure = error
        }
        #expect(items.count == 2)
        #expect((failure as? UpstreamError)?.kind == .badGateway)
        #expect(t.sent.count == 1)
    }

    @Test func aTruncatedStreamBeforeAnyItemIsRetried() async throws {
        let t = ScriptedTransport([Self.a: [.stream([])], Self.b: [.stream(openAIFrames(["b"]))]])
        #expect(Self.content(await Self.run(try Self.service(t))) == "b")
    }

    @Test func firstByteTimeoutFailsOverThenAnswers504() async throws {
        // No wall-clock bounds: the suite shares two cores with tests that can hold the pool for minutes. A request
        // the watchdog missed would hang for an hour instead.
        let t = ScriptedTransport([Self.a: [.hang], Self.b: [.stream(openAIFrames(["late"]))]])
        #expect(Self.content(await Self.run(try Self.service(t, options: ["first-byte-timeout": "0.2"]))) == "late")
        #expect(t.cancelled == 1)

        let both = ScriptedTransport([Self.a: [.hang], Self.b: [.hang]])
        let e = Self.error(await Self.run(try Self.service(both, options: ["first-byte-timeout": "0.2"])))
        #expect((e as? UpstreamError)?.kind == .timeout)
        #expect((e as? UpstreamError)?.status == 504)
        #expect((e as? UpstreamError)?.message == "The upstream of model `m` did not answer within 0.2 s.")
        #expect(both.cancelled == 2)
    }

    @Test func idleTimeoutEndsAStreamThatStallsWithoutRetry() async throws {
        // The role chunk and one word, then nothing: the idle timeout ends the stream, and after the first byte
        // nothing is retried (the first-byte timeout is far away, so only the idle one can fire).
        let t = ScriptedTransport([Self.a: [.stream(openAIFrames(["a", "b"]), stallAfter: 2)]])
        let s = try Self.service(t, urls: [Self.a], options: ["idle-timeout": "0.2", "first-byte-timeout": "600"])
        let e = Self.error(await Self.run(s)) as? UpstreamError
        #expect(e?.kind == .timeout)
        #expect(e?.message == "The upstream of model `m` stopped answering for 0.2 s.")
        #expect(t.sent.count == 1)
        #expect(t.cancelled == 1)
    }

    @Test func theBreakerStopsSendingToAFailingURLAndProbesItBack() async throws {
        let clock = TestClock()
        let t = ScriptedTransport([Self.b: [.stream(openAIFrames(["b"]))]])
        let s = try Self.service(t, options: ["breaker-failures": "2", "breaker-cooldown": "30"], clock: clock)
        for _ in 0..<6 { #expect(Self.content(await Self.run(s)) == "b") }
        // a failed twice (the requests that started there), then was skipped.
        #expect(t.sent.filter { $0.hasPrefix(Self.a) }.count == 2)
        clock.advance(.seconds(31))
        _ = await Self.run(s)
        _ = await Self.run(s)
        #expect(t.sent.filter { $0.hasPrefix(Self.a) }.count == 3)
    }

    @Test func everyCircuitOpenIs503WithRetryAfter() async throws {
        let clock = TestClock()
        let t = ScriptedTransport([:])
        let s = try Self.service(t, options: ["breaker-failures": "1", "breaker-cooldown": "20"], clock: clock)
        _ = await Self.run(s)
        let e = Self.error(await Self.run(s)) as? UpstreamError
        #expect(e?.kind == .unavailable)
        #expect(e?.status == 503)
        #expect(e?.retryAfterSeconds == 21)
        #expect(t.sent.count == 2)
    }

    @Test func cancellingTheStreamCancelsTheUpstreamRequest() async throws {
        let t = ScriptedTransport([Self.a: [.stream(openAIFrames(["a", "b", "c"]), delay: .milliseconds(200))]])
        let s = try Self.service(t, urls: [Self.a])
        let stream = try await s.prepareChat(Self.chat).start()
        // The consumer (a client's response) goes away after the first item.
        let consumer = Task { for try await _ in stream {} }
        for _ in 0..<100 where t.sent.isEmpty { try await Task.sleep(for: .milliseconds(50)) }
        try await Task.sleep(for: .milliseconds(100))
        consumer.cancel()
        _ = await consumer.result
        for _ in 0..<100 where t.cancelled == 0 { try await Task.sleep(for: .milliseconds(100)) }
        #expect(t.cancelled == 1)
    }

    @Test func aJSONBodyInsteadOfAStreamIsRead() async throws {
        let body = #"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"whole"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}"#
        let t = ScriptedTransport([Self.a: [.json(body)]])
        #expect(Self.content(await Self.run(try Self.service(t, urls: [Self.a]))) == "whole")
    }

    @Test func upstreamErrorStatusesMapToTheCallersErrors() {
        let cases: [(AttemptFailure, Int)] = [
            (.status(401, message: nil, type: nil, retryAfter: nil), 502), (.status(404, message: nil, type: nil, retryAfter: nil), 502),
            (.status(500, message: nil, type: nil, retryAfter: nil), 502), (.status(503, message: nil, type: nil, retryAfter: 4), 503),
            (.status(504, message: nil, type: nil, retryAfter: nil), 504), (.transport("x"), 502),
            (.timeout(firstByte: true, after: .seconds(1)), 504), (.reply(.malformed("x")), 502),
        ]
        for (failure, status) in cases {
            #expect((failure.clientError(model: "m") as? UpstreamError)?.status == status)
        }
        #expect(AttemptFailure.status(429, message: nil, type: nil, retryAfter: 7).clientError(model: "m") as? InferenceError == .overloaded(retryAfterSeconds: 7))
        #expect(AttemptFailure.reply(UpstreamReplyError(.errorEvent, "x", errorType: "overloaded_error")).retryable)
        #expect(!AttemptFailure.status(400, message: nil, type: nil, retryAfter: nil).retryable)
        #expect(!AttemptFailure.status(400, message: nil, type: nil, retryAfter: nil).countsAgainstURL)
    }
}
