import Inference
import InferenceTypes
import Testing
import TestSupport

/// The pipeline from `ChatRequest` to `ChatStreamItem`s, with the real tokenizer and template and a scripted model.
@Suite struct LocalInferenceServiceTests {
    func service(answer: String = " Paris is the capital.", contextLength: Int = 512) throws -> LocalInferenceService {
        let (m, _) = try ServedModel.scripted(answer: answer, contextLength: contextLength)
        return LocalInferenceService(models: [m])
    }

    func request(_ text: String, model: String = "smollm2-135m-instruct") -> ChatRequest {
        var r = ChatRequest(model: model, messages: [ChatMessage(role: .user, text: text)])
        r.sampling.temperature = 0
        return r
    }

    func fold(_ stream: ChatStream) async throws -> ChatResult {
        var acc = ChatResultAccumulator()
        for try await item in stream { acc.add(item) }
        return acc.result
    }

    @Test func chatProducesContentUsageAndFinish() async throws {
        let s = try service()
        let req = request("What is the capital of France?")
        let result = try await fold(try await s.chat(req))
        #expect(result.choices.count == 1)
        #expect(result.choices[0].content == " Paris is the capital.")
        #expect(result.choices[0].finishReason == .stop)
        let promptTokens = try await s.countTokens(req)
        #expect(result.usage.promptTokens == promptTokens && promptTokens > 20)
        #expect(result.usage.completionTokens > 3)
    }

    @Test func usageCountsPromptTokensServedFromTheCache() async throws {
        let s = try service()
        let req = request("What is the capital of France?")
        let cold = try await fold(try await s.chat(req))
        #expect(cold.usage.cachedPromptTokens == 0)
        // The same prompt again: all but its last token come from the slot the first request left behind.
        let warm = try await fold(try await s.chat(req))
        #expect(warm.usage.promptTokens == cold.usage.promptTokens)
        #expect(warm.usage.cachedPromptTokens == warm.usage.promptTokens - 1)
        #expect(warm.choices.first?.content == cold.choices.first?.content)
    }

    /// The service takes model ids as `ModelResolver` resolves them; names it does not serve are 404s.
    @Test func resolvedAliasesAndUnknownModels() async throws {
        let s = try service()
        let resolver = ModelResolver(served: s.models(), aliases: ModelAlias.grokPersona)
        var viaAlias = request("Hi", model: "GROK-3-MINI")
        let r = try #require(resolver.resolve(viaAlias.model))
        r.apply(to: &viaAlias)
        #expect(viaAlias.model == "smollm2-135m-instruct" && viaAlias.reasoning.enabled == true)
        viaAlias.reasoning.enabled = false
        let result = try await fold(try await s.chat(viaAlias))
        #expect(result.choices.first?.content == " Paris is the capital.")
        await #expect(throws: InferenceError.modelNotFound("gpt-5")) { _ = try await s.chat(request("Hi", model: "gpt-5")) }
        await #expect(throws: InferenceError.modelNotFound("grok-3-mini")) { _ = try await s.chat(request("Hi", model: "grok-3-mini")) }
    }

    @Test func nChoicesStopsAndLogprobs() async throws {
        let s = try service()
        var req = request("Capital?")
        req.n = 3
        req.stop = [" capital"]
        req.sampling.logprobs = true
        req.sampling.topLogprobs = 2
        let result = try await fold(try await s.chat(req))
        #expect(result.choices.count == 3)
        for c in result.choices {
            #expect(c.content == " Paris is the")
            #expect(c.finishReason == .stopSequence(" capital"))
            #expect(!c.logprobs.isEmpty && c.logprobs.allSatisfy { $0.top.count == 2 && $0.logprob <= 0 })
        }
    }

    @Test func errorsBeforeTheStream() async throws {
        let s = try service(contextLength: 64)
        let long = request(String(repeating: "word ", count: 200))
        do {
            _ = try await s.chat(long)
            Issue.record("expected an overflow")
        } catch {
            guard case .contextOverflow(let n, 64) = error else { Issue.record("\(error)"); return }
            #expect(n > 64)
            #expect(error.description.hasPrefix("prompt is too long: \(n) tokens > 64 maximum"))
        }
        var bad = request("hi")
        bad.sampling.temperature = 7
        await #expect(throws: InferenceError.self) { _ = try await s.chat(bad) }
        var none = request("hi")
        none.messages = []
        await #expect(throws: InferenceError.invalidRequest(parameter: "messages", message: "at least one message is required")) {
            _ = try await s.chat(none)
        }
    }

    @Test func maxTokensEndsWithLength() async throws {
        let s = try service()
        var req = request("Go")
        req.maxTokens = 2
        let result = try await fold(try await s.chat(req))
        #expect(result.choices[0].finishReason == .length)
        #expect(result.usage.completionTokens == 2)
    }

    /// A request without `max_tokens` stops at the model's default cap instead of running until the context is full.
    @Test func requestsWithoutMaxTokensGetTheModelsCap() async throws {
        var (m, _) = try ServedModel.scripted(answer: " Paris is the capital.", contextLength: 512)
        m.defaultMaxTokens = 3
        let s = LocalInferenceService(models: [m])
        let chat = try await fold(try await s.chat(request("Go")))
        #expect(chat.choices[0].finishReason == .length && chat.usage.completionTokens == 3)
        let text = try await fold(try await s.complete(CompletionRequest(model: "smollm2-135m-instruct", prompt: "Go")))
        #expect(text.choices[0].finishReason == .length && text.usage.completionTokens == 3)
        #expect(ServedModel.standardMaxTokens == 1024)
    }

    @Test func tokenizeShowsPieces() async throws {
        let s = try service()
        let pieces = try await s.tokenize("Hello world!", model: "smollm2-135m-instruct")
        #expect(pieces.map(\.id) == [19556, 905, 17])
        #expect(pieces.map(\.text) == ["Hello", " world", "!"])
    }
}
