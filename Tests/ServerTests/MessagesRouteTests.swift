import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct MessagesRouteTests {
    static func service() -> FakeInferenceService {
        FakeInferenceService(tokenCount: 120) { _ in
            .reply(content: ["Let me ", "check."], reasoning: ["hmm"], promptTokens: 120, cachedPromptTokens: 20)
        }
    }

    @Test func nonStreamingMessage() async throws {
        try await withApp(Self.service()) { client in
            let r = try await client.post("/v1/messages?beta=true", messagesBody("claude-x", extra: #""system":"Be brief.""#), headers: [.init("anthropic-version")!: "2023-06-01", .init("anthropic-beta")!: "interleaved-thinking-2025-05-14,whatever"])
            #expect(r.status == .notFound)  // `claude-x` is not configured
            #expect(r.json["type"] == "error")
            #expect(at(r.json, "error", "type") == "not_found_error")
            #expect(r.json["request_id"]?.stringValue == r.header("request-id"))
            let ok = try await client.post("/v1/messages?beta=true", messagesBody("grok-3-mini"))
            #expect(ok.status == .ok)
            let b = ok.json
            #expect(b["id"]?.stringValue?.hasPrefix("msg_") == true)
            #expect(b["type"] == "message" && b["role"] == "assistant" && b["model"] == "grok-3-mini")
            #expect(at(b, "content", 0, "type") == "thinking")
            #expect(at(b, "content", 1) == parse(#"{"type":"text","text":"Let me check."}"#))
            #expect(b["stop_reason"] == "end_turn" && b["stop_sequence"] == .null)
            #expect(at(b, "usage", "input_tokens") == 100)
            #expect(at(b, "usage", "cache_read_input_tokens") == 20)
            #expect(at(b, "usage", "output_tokens") == 3)
        }
    }

    @Test func streamingGrammarAndCountTokensAgree() async throws {
        try await withApp(Self.service()) { client in
            let r = try await client.post("/v1/messages?beta=true", messagesBody(stream: true))
            #expect(r.status == .ok)
            let evs = r.events
            #expect(evs.map { $0.name ?? "" } == [
                "message_start", "ping", "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop",
                "content_block_start", "content_block_delta", "content_block_delta", "content_block_stop", "message_delta", "message_stop",
            ])
            let start = parse(evs[0].data)
            // Real input tokens in message_start (uncached part, Anthropic convention), cumulative usage at the end.
            #expect(at(start, "message", "usage", "input_tokens") == 100)
            #expect(at(start, "message", "usage", "cache_read_input_tokens") == 20)
            #expect(at(parse(evs[10].data), "usage", "output_tokens") == 3)
            let n = try await client.post("/v1/messages/count_tokens", #"{"model":"swiftlet-test","messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(n.json == ["input_tokens": 120])
            // count_tokens == all prompt tokens message_start accounts for (input + cache reads).
            #expect(
                n.json["input_tokens"]?.intValue
                    == (at(start, "message", "usage", "input_tokens")?.intValue ?? 0) + (at(start, "message", "usage", "cache_read_input_tokens")?.intValue ?? 0))
        }
    }

    @Test func billingHeaderIsStrippedBeforeTheService() async throws {
        let service = Self.service()
        try await withApp(service) { client in
            let body = #"{"model":"swiftlet-test","max_tokens":50,"system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.37; cch=1;"},{"type":"text","text":"Sys"}],"messages":[{"role":"ctx","content":"c"},{"role":"user","content":"u"}]}"#
            let r = try await client.post("/v1/messages", body)
            #expect(r.status == .ok)
        }
        let sent = try #require(service.record.chatRequests.first)
        #expect(sent.messages.first == ChatMessage(role: .system, text: "Sys"))
        #expect(sent.messages.count == 2 && sent.messages[1].role == .user)
    }

    @Test func stopSequenceReported() async throws {
        let service = FakeInferenceService { _ in .reply(content: ["a"], finish: .stopSequence("@@")) }
        try await withApp(service) { client in
            let b = try await client.post("/v1/messages", messagesBody(extra: #""stop_sequences":["@@"]"#)).json
            #expect(b["stop_reason"] == "stop_sequence" && b["stop_sequence"] == "@@")
        }
        #expect(service.record.chatRequests.first?.stop == ["@@"])
    }
}
