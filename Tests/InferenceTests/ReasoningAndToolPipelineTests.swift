import Engine
import Inference
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// The whole pipeline (template → tokenizer → engine → output parser → chat events) with SmolLM2's real tokenizer
/// and template over a scripted model that writes a fixed text.
@Suite struct ReasoningAndToolPipelineTests {
    static let weather = ToolDefinition(
        name: "get_weather", description: "Current weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    /// Runs a request on a scripted model that writes `answer` token by token (by position after the prompt), then
    /// ends its turn.
    func run(answer: String, _ configure: (inout ChatRequest) -> Void) async throws -> ChatResult {
        let (probe, _) = try ServedModel.scripted(answer: answer)
        var r = ChatRequest(model: "smollm2-135m-instruct", messages: [ChatMessage(role: .user, text: "Weather in Paris?")])
        r.sampling.temperature = 0
        r.maxTokens = 64
        configure(&r)
        let promptLength = try await LocalInferenceService(models: [probe]).countTokens(r)
        let tokenizer = probe.tokenizer
        let answerIDs = tokenizer.encode(answer, addSpecial: false)
        let eos = tokenizer.eosToken ?? 2
        let model = ScriptedModel(vocabularySize: tokenizer.vocabularySize, contextLength: 512, slotCount: 2,
            maxBatchTokens: 64) { _, position in
            let i = position - (promptLength - 1)
            return i >= 0 && i < answerIDs.count ? answerIDs[i] : eos
        }
        let m = ServedModel(descriptor: probe.descriptor, tokenizer: tokenizer, template: probe.template,
            engine: Engine(model: model, tokenizer: tokenizer))
        let service = LocalInferenceService(models: [m])
        var acc = ChatResultAccumulator()
        for try await item in try await service.chat(r) { acc.add(item) }
        return acc.result
    }

    @Test func toolCallBecomesAStructuredCall() async throws {
        let text = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"
        let result = try await run(answer: text) { r in
            r.tools = [Self.weather]
            r.toolChoice = .required
            r.sampling.seed = 7
        }
        let choice = try #require(result.choices.first)
        #expect(choice.content == "")
        #expect(choice.toolCalls.count == 1)
        let call = try #require(choice.toolCalls.first)
        #expect(call.name == "get_weather")
        #expect(call.parsedArguments == ["city": "Paris"])
        #expect(call.id.hasPrefix("call_") && call.id.count == 29)
        #expect(choice.finishReason == .toolCalls)
        // Same seed, same prompt: the same id (stream and non-stream agree); another seed: another id.
        let again = try await run(answer: text) { r in
            r.tools = [Self.weather]
            r.toolChoice = .required
            r.sampling.seed = 7
        }
        #expect(again.choices.first?.toolCalls.first?.id == call.id)
        let other = try await run(answer: text) { r in
            r.tools = [Self.weather]
            r.toolChoice = .required
            r.sampling.seed = 8
        }
        #expect(other.choices.first?.toolCalls.first?.id != call.id)
    }

    /// A call the token cap cuts (its shortest form cannot fit in 16 tokens) is not returned as a call: the choice ends
    /// with `length` and nothing else.
    @Test func aCallCutByTheCapIsNotReturned() async throws {
        let text = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>"
        let result = try await run(answer: text) { r in
            r.tools = [Self.weather]
            r.toolChoice = .required
            r.maxTokens = 16
        }
        let choice = try #require(result.choices.first)
        #expect(choice.finishReason == .length)
        #expect(choice.toolCalls.isEmpty && choice.content.isEmpty)
    }

    @Test func thinkingIsSplitAndCounted() async throws {
        let result = try await run(answer: "Sunny skies likely.</think>Take sunglasses.") { r in
            r.reasoning.effort = .low
        }
        let choice = try #require(result.choices.first)
        #expect(choice.reasoning == "Sunny skies likely.")
        #expect(choice.content == "Take sunglasses.")
        #expect(choice.finishReason == .stop)
        // Every generated token but the answer's and the end-of-turn token is reasoning (closing tag included).
        let (m, _) = try ServedModel.scripted(answer: "x")
        let reasoningTokens = m.tokenizer.encode("Sunny skies likely.</think>", addSpecial: false).count
        #expect(result.usage.reasoningTokens == reasoningTokens)
        #expect(result.usage.completionTokens > 0)
    }
}
