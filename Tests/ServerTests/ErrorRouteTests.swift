import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct ErrorRouteTests {
    @Test func malformedJSON() async throws {
        try await withApp { client in
            let r = try await client.post("/v1/chat/completions", #"{"model": "m", "messages": [}"#)
            #expect(r.status == .badRequest)
            #expect(at(r.json, "error", "type") == "invalid_request_error")
            #expect(at(r.json, "error", "message")?.stringValue?.contains("invalid JSON at byte 28") == true)
            let a = try await client.post("/v1/messages", "{nope")
            #expect(a.status == .badRequest)
            #expect(a.json["type"] == "error" && at(a.json, "error", "type") == "invalid_request_error")
        }
    }

    @Test func wrongTypesAre422OnOpenAIAnd400OnAnthropic() async throws {
        try await withApp { client in
            let r = try await client.post("/v1/chat/completions", #"{"model":"swiftlet-test","messages":[{"role":"user","content":"x"},{"role":"user","content":5}]}"#)
            #expect(r.status.code == 422)
            #expect(at(r.json, "error", "message") == "messages[1].content: expected string or array, got integer")
            #expect(at(r.json, "error", "param") == "messages[1].content")
            let bad = try await client.post("/v1/chat/completions", chatBody(extra: #""temperature":9"#))
            #expect(bad.status == .badRequest && at(bad.json, "error", "param") == "temperature")
            let a = try await client.post("/v1/messages", #"{"model":"swiftlet-test","messages":[{"role":"user","content":"x"}]}"#)
            #expect(a.status == .badRequest)
            #expect(at(a.json, "error", "message") == "max_tokens: Field required")
        }
    }

    @Test func unknownModelRouteAndMethod() async throws {
        try await withApp { client in
            let m = try await client.post("/v1/chat/completions", chatBody("no-such-model"))
            #expect(m.status == .notFound)
            #expect(at(m.json, "error", "code") == "model_not_found" && at(m.json, "error", "param") == "model")
            let route = try await client.get("/v1/nothing")
            #expect(route.status == .notFound && at(route.json, "error", "type") == "invalid_request_error")
            let method = try await client.get("/v1/chat/completions")
            #expect(method.status == .methodNotAllowed)
            #expect(method.header("allow") == "POST")
            let anthropicMethod = try await client.get("/v1/messages")
            #expect(anthropicMethod.status == .methodNotAllowed && anthropicMethod.json["type"] == "error")
        }
    }

    @Test func bodyLimitAndContentType() async throws {
        try await withApp(config: .test(maxBodyBytes: 1000)) { client in
            let big = chatBody(extra: #""user":"\#(String(repeating: "x", count: 2000))""#)
            let r = try await client.post("/v1/chat/completions", big)
            #expect(r.status.code == 413 && at(r.json, "error", "code") == "request_too_large")
            let a = try await client.post("/v1/messages", big)
            #expect(a.status.code == 413 && at(a.json, "error", "type") == "request_too_large")
            let t = try await client.post("/v1/chat/completions", chatBody(), headers: [.contentType: "text/plain"])
            #expect(t.status.code == 415)
            let e = try await client.post("/v1/chat/completions", "")
            #expect(e.status.code == 415)
            let charset = try await client.post("/v1/chat/completions", chatBody(), headers: [.contentType: "application/json; charset=utf-8"])
            #expect(charset.status == .ok)
        }
    }

    @Test func overloadedIs503OnOpenAIAnd529OnAnthropicWithRetryAfter() async throws {
        let service = FakeInferenceService { _ in .failing(.overloaded(retryAfterSeconds: 7)) }
        try await withApp(service) { client in
            let r = try await client.post("/v1/chat/completions", chatBody())
            #expect(r.status.code == 503 && r.header("retry-after") == "7")
            #expect(at(r.json, "error", "code") == "overloaded")
            let a = try await client.post("/v1/messages", messagesBody(stream: true))
            #expect(a.status.code == 529 && a.header("retry-after") == "7")
            #expect(at(a.json, "error", "type") == "overloaded_error")
        }
    }

    @Test func contextOverflowWording() async throws {
        let service = FakeInferenceService { _ in .failing(.contextOverflow(promptTokens: 5000, limit: 4096)) }
        try await withApp(service) { client in
            let r = try await client.post("/v1/chat/completions", chatBody())
            #expect(r.status == .badRequest && at(r.json, "error", "code") == "context_length_exceeded")
            #expect(at(r.json, "error", "message") == "prompt is too long: 5000 tokens > 4096 maximum")
            let a = try await client.post("/v1/messages/count_tokens", messagesBody())
            #expect(a.status == .badRequest && at(a.json, "error", "message") == "prompt is too long: 5000 tokens > 4096 maximum")
        }
    }

    @Test func errorsAfterTheFirstByteAreInStreamEvents() async throws {
        let service = FakeInferenceService { _ in
            var s = FakeInferenceService.Script.reply(content: ["partial"])
            s.items = Array(s.items.prefix(2))
            s.failAfterItems = .internalError("engine failed")
            return s
        }
        try await withApp(service) { client in
            let r = try await client.post("/v1/chat/completions", chatBody(stream: true))
            #expect(r.status == .ok)
            let evs = r.events
            // Server-side details stay in the log; the client gets a generic message that points at the request id.
            let last = evs.last.map { parse($0.data) }
            #expect(at(last, "error", "type") == "server_error" && at(last, "error", "code") == "internal_error")
            #expect(at(last, "error", "message")?.stringValue?.contains("request id") == true)
            #expect(!evs.contains { $0.data.contains("engine failed") })
            #expect(!evs.contains { $0.data == "[DONE]" })
            let a = try await client.post("/v1/messages", messagesBody(stream: true))
            #expect(a.status == .ok)
            #expect(a.events.last?.name == "error")
            #expect(at(parse(a.events.last?.data ?? ""), "error", "type") == "api_error")
            // Non-streaming: the failure is still an HTTP status.
            let n = try await client.post("/v1/chat/completions", chatBody())
            #expect(n.status == .internalServerError && !n.text.contains("engine failed"))
            #expect(n.header("x-request-id")?.hasPrefix("req_") == true)
        }
    }

    @Test func everyResponseCarriesRequestIDs() async throws {
        try await withApp(config: .test(keys: ["k"])) { client in
            for r in [try await client.get("/health"), try await client.get("/v1/models"), try await client.get("/nope"), try await client.post("/v1/messages", "{")] {
                #expect(r.header("x-request-id")?.hasPrefix("req_") == true)
                #expect(r.header("request-id") == r.header("x-request-id"))
            }
        }
    }
}

/// Bounds every endpoint keeps whatever a client sends.
@Suite struct RequestBoundsTests {
    @Test func stopSequencesAreBoundedInLength() async throws {
        let long = String(repeating: "x", count: RequestLimits.maxStopBytes + 1)
        try await withApp { client in
            let o = try await client.post("/v1/chat/completions", chatBody(extra: #""stop":["\#(long)"]"#))
            #expect(o.status == .badRequest && at(o.json, "error", "param") == "stop")
            let a = try await client.post("/v1/messages", messagesBody(extra: #""stop_sequences":["ok","\#(long)"]"#))
            #expect(a.status == .badRequest && at(a.json, "error", "message")?.stringValue?.contains("stop_sequences[1]") == true)
        }
    }

    @Test func tokenizeIsBoundedByTheModelsContext() async throws {
        // The fake model's context is 4096 tokens: 16 × 4096 bytes at most, and no more tokens than the context.
        let huge = String(repeating: "a", count: 4096 * 16 + 1)
        let many = String(repeating: "a ", count: 4097)
        try await withApp { client in
            let big = try await client.post("/v1/tokenize-text", #"{"model":"swiftlet-test","text":"\#(huge)"}"#)
            #expect(big.status == .badRequest && big.text.count < 1000)
            let tokens = try await client.post("/v1/tokenize-text", #"{"model":"swiftlet-test","text":"\#(many)"}"#)
            #expect(tokens.status == .badRequest && at(tokens.json, "error", "message")?.stringValue?.contains("tokens, more than the model's context of 4096") == true)
            let fine = try await client.post("/v1/tokenize-text", #"{"model":"swiftlet-test","text":"a b c"}"#)
            #expect(fine.status == .ok && fine.json["token_ids"]?.arrayValue?.count == 3)
        }
    }
}
