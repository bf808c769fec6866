import APICommon
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// A real server on an ephemeral loopback port, driven with raw sockets.
@Suite(.serialized) struct LiveServerTests {
    @Test func sseFramingOverTheWire() async throws {
        try await withApp(FakeInferenceService(), config: .test(), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port)
            defer { c.close() }
            try await c.post("/v1/chat/completions", json: chatBody(stream: true, extra: #""stream_options":{"include_usage":true}"#), headers: ["Connection": "close"])
            let r = RawHTTPResponse(try await c.receiveAll())
            #expect(r.statusLine.hasPrefix("HTTP/1.1 200"))
            #expect(r.headers["content-type"]?.hasPrefix("text/event-stream") == true)
            #expect(r.headers["x-request-id"]?.hasPrefix("req_") == true)
            let text = String(decoding: r.body, as: UTF8.self)
            #expect(text.hasSuffix("data: [DONE]\n\n"))
            var p = SSEParser()
            let evs = p.feed(r.body)
            #expect(evs.count == 6)  // role, "Hello", "!", finish, usage, [DONE]
            #expect(evs.dropLast().map { parse($0.data)["object"] } == Array(repeating: "chat.completion.chunk", count: 5))
        }
    }

    @Test func keepAlivePingsDuringPrefill() async throws {
        var script = FakeInferenceService.Script.reply(content: ["x"])
        script.delayBeforeFirst = .milliseconds(400)
        script.delayBetween = .milliseconds(300)
        let s = script
        let service = FakeInferenceService { _ in s }
        try await withApp(service, config: .test(keepAlive: .milliseconds(50)), .live) { client in
            let port = try #require(client.port)
            // OpenAI: `: ping` comments before the first chunk.
            let c = try await RawHTTPConnection.open(port: port)
            try await c.post("/v1/chat/completions", json: chatBody(stream: true), headers: ["Connection": "close"])
            let body = String(decoding: RawHTTPResponse(try await c.receiveAll()).body, as: UTF8.self)
            c.close()
            #expect(body.hasPrefix(": ping\n\n"))
            #expect(body.split(separator: ": ping\n\n", omittingEmptySubsequences: false).count - 1 >= 3)
            #expect(body.hasSuffix("data: [DONE]\n\n"))
            // Anthropic: comments before message_start, `ping` events after it.
            let a = try await RawHTTPConnection.open(port: port)
            try await a.post("/v1/messages", json: messagesBody(stream: true), headers: ["Connection": "close"])
            let abody = RawHTTPResponse(try await a.receiveAll()).body
            a.close()
            var p = SSEParser()
            let evs = p.feed(abody)
            #expect(String(decoding: abody, as: UTF8.self).hasPrefix(": ping\n\n"))
            #expect(evs.first?.name == "message_start")
            #expect(evs.filter { $0.name == "ping" }.count >= 3)
            #expect(evs.last?.name == "message_stop")
            StreamGrammar.check(evs)
        }
    }

    /// A graceful shutdown (what SIGINT/SIGTERM trigger) lets an in-flight stream finish.
    @Test func gracefulShutdownFinishesInFlightStreams() async throws {
        let service = FakeInferenceService { _ in
            var s = FakeInferenceService.Script.reply(content: Array(repeating: "tok ", count: 30))
            s.delayBetween = .milliseconds(20)
            return s
        }
        let rest = try await withCheckedThrowingContinuation { (done: CheckedContinuation<Task<[UInt8], any Error>, any Error>) in
            Task {
                do {
                    try await withApp(service, config: .test(), .live) { client in
                        let port = try #require(client.port)
                        let c = try await RawHTTPConnection.open(port: port)
                        try await c.post("/v1/chat/completions", json: chatBody(stream: true), headers: ["Connection": "close"])
                        let first = try #require(try await c.receive())
                        // Keep reading while the test framework shuts the server down.
                        done.resume(returning: Task { defer { c.close() }; return first + (try await c.receiveAll()) })
                    }
                } catch {
                    Issue.record(error)
                }
            }
        }
        let bytes = try await rest.value
        let body = String(decoding: RawHTTPResponse(bytes).body, as: UTF8.self)
        #expect(body.hasSuffix("data: [DONE]\n\n"))
        #expect(service.record.completedStreams == 1)
        #expect(service.record.cancelledStreams == 0)
    }

    /// A declared body over the limit is refused from its `Content-Length` alone, before it is sent.
    @Test func oversizedBodyIsRefusedWithoutWaitingForIt() async throws {
        try await withApp(FakeInferenceService(), config: .test(maxBodyBytes: 1000), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port, timeoutSeconds: 30)
            defer { c.close() }
            try await c.send(
                "POST /v1/messages HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\nConnection: close\r\n\r\n{\"model\":")
            let first = try #require(try await c.receive())
            let r = RawHTTPResponse(first)
            #expect(r.statusLine.hasPrefix("HTTP/1.1 413"))
            #expect(r.headers["request-id"]?.hasPrefix("req_") == true)
        }
    }

    @Test(arguments: ["/v1/chat/completions", "/v1/messages"])
    func clientDisconnectCancelsGeneration(_ path: String) async throws {
        let service = slowService()
        try await withApp(service, config: .test(keepAlive: .milliseconds(50)), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port)
            let body = path.hasSuffix("messages") ? messagesBody(stream: true) : chatBody(stream: true)
            try await c.post(path, json: body)
            // Wait until the stream is flowing, then hang up.
            var received = 0
            while received < 200, let chunk = try await c.receive() { received += chunk.count }
            c.close()
            var waited = 0
            while service.record.cancelledStreams == 0, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
        }
        #expect(service.record.cancelledStreams == 1)
        #expect(service.record.completedStreams == 0)
    }
}

extension LiveServerTests {
    /// A non-streaming request writes nothing until its answer is complete, so no failed write can tell the server
    /// the client is gone: the connection closing must cancel the generation (and free its slot) by itself.
    @Test(arguments: ["/v1/chat/completions", "/v1/messages"])
    func nonStreamingClientDisconnectCancelsGeneration(_ path: String) async throws {
        let service = slowService()
        try await withApp(service, config: .test(), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port)
            let body = path.hasSuffix("messages") ? messagesBody(stream: false) : chatBody(stream: false)
            try await c.post(path, json: body)
            // Wait until generation has started (5 s of tokens in all), then hang up.
            var waited = 0
            while service.record.chatRequests.count + service.record.completionRequests.count == 0, waited < 100 {
                try await Task.sleep(for: .milliseconds(20))
                waited += 1
            }
            try await Task.sleep(for: .milliseconds(100))
            c.close()
            waited = 0
            while service.record.cancelledStreams == 0, waited < 60 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
        }
        #expect(service.record.cancelledStreams == 1, "\(path): generation not cancelled within 3 s of the hang-up")
        #expect(service.record.completedStreams == 0)
    }
}

/// A fake service whose answers take 5 s (500 tokens, 10 ms apart): long enough to hang up in the middle.
private func slowService() -> FakeInferenceService {
    FakeInferenceService { _ in
        var s = FakeInferenceService.Script.reply(content: Array(repeating: "tok ", count: 500))
        s.delayBetween = .milliseconds(10)
        return s
    }
}

/// The Anthropic event grammar as a reusable check.
enum StreamGrammar {
    static func check(_ evs: [SSEEvent]) {
        let named = evs.filter { $0.name != "ping" }
        #expect(named.first?.name == "message_start")
        #expect(named.last?.name == "message_stop")
        var open: Int64?
        var next: Int64 = 0
        for e in named {
            let d = parse(e.data)
            switch e.name {
            case "content_block_start":
                #expect(open == nil && d["index"]?.intValue == next)
                open = next
                next += 1
            case "content_block_delta": #expect(open != nil && d["index"]?.intValue == open)
            case "content_block_stop":
                #expect(d["index"]?.intValue == open)
                open = nil
            default: break
            }
        }
    }
}
