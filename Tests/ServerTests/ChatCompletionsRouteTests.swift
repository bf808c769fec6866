import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct ChatCompletionsRouteTests {
    static func reasoningService() -> FakeInferenceService {
        FakeInferenceService { _ in .reply(content: ["101 × 3", " = 303."], reasoning: ["First, ", "100×3=300…"], promptTokens: 32, cachedPromptTokens: 6) }
    }

    /// The AI/ML API quick-start: Bearer auth, `x-ai/grok-3-mini-beta`, and the fields its page shows.
    @Test func aimlQuickStartResponseShape() async throws {
        let service = Self.reasoningService()
        try await withApp(service, config: .test(keys: ["sk-aiml"])) { client in
            let r = try await client.post(
                "/v1/chat/completions",
                #"{"model": "x-ai/grok-3-mini-beta", "messages": [{"role": "user", "content": "What is 101*3?"}]}"#,
                headers: [.authorization: "Bearer sk-aiml"])
            #expect(r.status == .ok)
            let b = r.json
            #expect(b["id"]?.stringValue?.hasPrefix("chatcmpl-") == true)
            #expect(b["object"] == "chat.completion")
            #expect(b["created"]?.intValue ?? 0 > 1_700_000_000)
            #expect(b["model"] == "x-ai/grok-3-mini-beta")
            #expect(b["system_fingerprint"] == "fp_swiftlet")
            let message = at(b, "choices", 0, "message")
            #expect(message?["role"] == "assistant")
            #expect(message?["content"] == "101 × 3 = 303.")
            #expect(message?["reasoning_content"] == "First, 100×3=300…")
            #expect(message?["refusal"] == .null)
            #expect(at(b, "choices", 0, "finish_reason") == "stop")
            // xAI usage: reasoning outside completion_tokens, inside total_tokens.
            #expect(at(b, "usage", "prompt_tokens") == 32)
            #expect(at(b, "usage", "completion_tokens") == 2)
            #expect(at(b, "usage", "total_tokens") == 36)
            #expect(at(b, "usage", "completion_tokens_details", "reasoning_tokens") == 2)
            #expect(at(b, "usage", "prompt_tokens_details", "cached_tokens") == 6)
            #expect(r.header("x-request-id")?.hasPrefix("req_") == true)
        }
        // The alias was resolved for the service; the response echoed the client's name.
        #expect(service.record.chatRequests.first?.model == "swiftlet-test")
    }

    @Test func streamEndsWithDoneAndUsageChunkAndMatchesNonStream() async throws {
        try await withApp(Self.reasoningService()) { client in
            let s = try await client.post("/v1/chat/completions", chatBody("grok-3-mini", stream: true, extra: #""stream_options":{"include_usage":true},"seed":7"#))
            #expect(s.status == .ok)
            #expect(s.headers[.contentType]?.hasPrefix("text/event-stream") == true)
            let evs = s.events
            #expect(evs.last?.data == "[DONE]")
            #expect(evs.filter { $0.data == "[DONE]" }.count == 1)
            let chunks = evs.dropLast().map { parse($0.data) }
            #expect(chunks.allSatisfy { $0["object"] == "chat.completion.chunk" && $0["model"] == "grok-3-mini" })
            #expect(Set(chunks.compactMap { $0["id"]?.stringValue }).count == 1)
            #expect(at(chunks.first, "choices", 0, "delta", "role") == "assistant")
            let usageChunk = chunks.last
            #expect(usageChunk?["choices"] == [])
            #expect(chunks.dropLast().allSatisfy { $0["usage"] == .null })
            var content = "", reasoning = ""
            for c in chunks {
                content += at(c, "choices", 0, "delta", "content")?.stringValue ?? ""
                reasoning += at(c, "choices", 0, "delta", "reasoning_content")?.stringValue ?? ""
            }
            let n = try await client.post("/v1/chat/completions", chatBody("grok-3-mini", extra: #""seed":7"#)).json
            #expect(at(n, "choices", 0, "message", "content")?.stringValue == content)
            #expect(at(n, "choices", 0, "message", "reasoning_content")?.stringValue == reasoning)
            #expect(n["usage"] == usageChunk?["usage"])
        }
    }

    @Test func nChoicesHaveTheirOwnIndexes() async throws {
        let service = FakeInferenceService { r in .reply(content: ["x"], choices: r.n) }
        try await withApp(service) { client in
            let b = try await client.post("/v1/chat/completions", chatBody(extra: #""n":2"#)).json
            #expect(b["choices"]?.arrayValue?.map { $0["index"] } == [0, 1])
            let evs = try await client.post("/v1/chat/completions", chatBody(stream: true, extra: #""n":2"#)).events
            let finishes = evs.dropLast().map { parse($0.data) }.filter { at($0, "choices", 0, "finish_reason") != .null }
            #expect(finishes.compactMap { at($0, "choices", 0, "index")?.intValue }.sorted() == [0, 1])
        }
        #expect(service.record.chatRequests.first?.n == 2)
    }

    @Test func requestFieldsReachTheService() async throws {
        let service = FakeInferenceService()
        try await withApp(service) { client in
            let r = try await client.post(
                "/v1/chat/completions",
                chatBody(extra: #""stop":["END","STOP"],"seed":42,"logprobs":true,"top_logprobs":2,"presence_penalty":0.1,"frequency_penalty":0.2,"logit_bias":{"5":-100},"max_completion_tokens":12,"user":"u","unknown_field":{"x":1}"#))
            #expect(r.status == .ok)
            #expect(at(r.json, "choices", 0, "logprobs", "content") == [])
        }
        let c = try #require(service.record.chatRequests.first)
        #expect(c.stop == ["END", "STOP"])
        #expect(c.sampling.seed == 42 && c.sampling.logprobs && c.sampling.topLogprobs == 2)
        #expect(c.sampling.presencePenalty == 0.1 && c.sampling.frequencyPenalty == 0.2)
        #expect(c.sampling.logitBias == [5: -100])
        #expect(c.maxTokens == 12 && c.user == "u")
    }

    @Test func toolCallsNonStreamAndStream() async throws {
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)
        let service = FakeInferenceService { _ in .reply(content: [], toolCalls: [call]) }
        try await withApp(service) { client in
            let b = try await client.post("/v1/chat/completions", chatBody()).json
            #expect(at(b, "choices", 0, "message", "content") == .null)
            #expect(at(b, "choices", 0, "message", "tool_calls", 0) == parse(#"{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}"#))
            #expect(at(b, "choices", 0, "finish_reason") == "tool_calls")
            let chunks = try await client.post("/v1/chat/completions", chatBody(stream: true)).events.dropLast().map { parse($0.data) }
            let fragments = chunks.compactMap { at($0, "choices", 0, "delta", "tool_calls", 0) }
            #expect(fragments.allSatisfy { $0["index"] == 0 })
            #expect(fragments.first?["id"] == "call_1")
            #expect(fragments.compactMap { at($0, "function", "arguments")?.stringValue }.joined() == call.arguments)
        }
    }

    @Test func legacyCompletionsAndTokenize() async throws {
        try await withApp { client in
            let b = try await client.post("/v1/completions", #"{"model":"swiftlet-test","prompt":"Say"}"#).json
            #expect(b["object"] == "text_completion")
            #expect(at(b, "choices", 0, "text") == "Hello world")
            let evs = try await client.post("/v1/completions", #"{"model":"swiftlet-test","prompt":"Say","stream":true}"#).events
            #expect(evs.last?.data == "[DONE]")
            #expect(evs.dropLast().compactMap { at(parse($0.data), "choices", 0, "text")?.stringValue }.joined() == "Hello world")
            let n = try await client.post("/v1/chat/completions/input_tokens", chatBody("grok-3-mini"))
            #expect(n.json == parse(#"{"object":"response.input_tokens","input_tokens":10}"#))
            let t = try await client.post("/v1/tokenize-text", #"{"text":"Hello world!","model":"grok-3-mini"}"#).json
            #expect(t == parse(#"{"token_ids":[{"token_id":1,"string_token":"Hello","token_bytes":[72,101,108,108,111]},{"token_id":2,"string_token":" world!","token_bytes":[32,119,111,114,108,100,33]}]}"#))
        }
    }
}
