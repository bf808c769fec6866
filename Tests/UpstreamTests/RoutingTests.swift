import APICommon
import Inference
import InferenceTypes
import Logging
import Testing
import Upstream

/// Each model goes to the service that serves it; upstream models report estimates where they have no tokenizer.
@Suite struct RoutingTests {
    static func upstream(_ ids: [String], transport: ScriptedTransport) throws -> UpstreamInferenceService {
        var c = UpstreamConfiguration()
        for id in ids { try c.addUpstream("\(id)=http://\(id):1/v1") }
        return UpstreamInferenceService(configuration: c, transport: transport, logger: Logger(label: "t"), created: 0)
    }

    @Test func requestsGoToTheServiceOfTheirModel() async throws {
        let t = ScriptedTransport(["http://x:1": [.stream(openAIFrames(["x"]))], "http://y:1": [.stream(openAIFrames(["y"]))]])
        let router = RoutingInferenceService([try Self.upstream(["x"], transport: t), try Self.upstream(["y", "x"], transport: t)])
        #expect(router.models().map(\.id) == ["x", "y"])
        var chat = ChatRequest(model: "y", messages: [ChatMessage(role: .user, text: "hi")])
        var text = ""
        for try await item in try await router.prepareChat(chat).start() {
            if case .choice(_, .contentDelta(let s)) = item { text += s }
        }
        #expect(text == "y")
        chat.model = "nope"
        await #expect(throws: InferenceError.modelNotFound("nope")) { _ = try await router.prepareChat(chat) }
    }

    @Test func textCompletionsGoToTheLegacyEndpoint() async throws {
        let frames = [
            #"data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":"Once","index":0,"logprobs":null,"finish_reason":null}]}"# + "\n\n",
            #"data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[{"text":" upon","index":0,"logprobs":null,"finish_reason":"length"}]}"# + "\n\n",
            #"data: {"id":"cmpl-1","object":"text_completion","created":1,"model":"m","choices":[],"usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}"# + "\n\n",
            "data: [DONE]\n\n",
        ]
        let t = ScriptedTransport(["http://m:1": [.stream(frames)]])
        let s = try Self.upstream(["m"], transport: t)
        var request = CompletionRequest(model: "m", prompt: "Tell")
        request.maxTokens = 2
        var result = ChatResultAccumulator()
        for try await item in try await s.prepareCompletion(request).start() { result.add(item) }
        #expect(result.result.choices.first?.content == "Once upon")
        #expect(result.result.choices.first?.finishReason == .length)
        #expect(result.result.usage == Usage(promptTokens: 3, completionTokens: 2))
        #expect(t.sent == ["http://m:1/v1/completions"])
    }

    @Test func upstreamModelsEstimateAndRefuseWhatNeedsATokenizer() async throws {
        let s = try Self.upstream(["m"], transport: ScriptedTransport([:]))
        var chat = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: String(repeating: "abcd", count: 25))])
        #expect(try await s.countTokens(chat) == 4 + 25)
        chat.maxTokens = nil
        chat.n = 2
        let pending = try await s.prepareChat(chat)
        #expect(pending.promptTokens == 29)
        #expect(pending.maxGeneratedTokens == 2 * 4096)
        await #expect(throws: InferenceError.self) { _ = try await s.tokenize("x", model: "m") }
        var anthropic = UpstreamConfiguration()
        try anthropic.addUpstream("a=http://a:1")
        try anthropic.setAPI("a=anthropic")
        let a = UpstreamInferenceService(configuration: anthropic, transport: ScriptedTransport([:]), logger: Logger(label: "t"), created: 0)
        await #expect(throws: InferenceError.self) { _ = try await a.prepareCompletion(CompletionRequest(model: "a", prompt: "x")) }
        #expect(a.models()[0].capabilities.contains("completions") == false)
        #expect(s.models()[0].capabilities.contains("completions"))
        #expect(TokenEstimate.tokens(bytes: 0) == 0)
        #expect(TokenEstimate.tokens(bytes: 5) == 2)
    }
}
