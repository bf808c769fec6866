import ChatTemplates
import Foundation
import Inference
import InferenceTypes
import OutputParsing
import Testing
import TestSupport

/// Request → prompt + plan, against hand-written expected prompts (the Hermes tool format as Qwen 2.5 documents it).
@Suite struct ChatPreparationTests {
    static func preparer(_ name: String = "HuggingFaceTB-SmolLM2-135M-Instruct") throws -> ChatPreparer {
        let t = try ModelFamilyTests.template(name)
        return ChatPreparer(family: ModelFamily.detect(template: t, source: t.source), template: t)
    }

    static let weather = ToolDefinition(
        name: "get_weather", description: "Current weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    static let toolsSection = """
        # Tools

        You may call one or more functions to assist with the user query.

        You are provided with function signatures within <tools></tools> XML tags:
        <tools>
        {"type": "function", "function": {"name": "get_weather", "description": "Current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
        </tools>

        For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
        <tool_call>
        {"name": <function-name>, "arguments": <args-json-object>}
        </tool_call>
        """

    /// A two-step tool conversation: call → result, then the model answers.
    static func toolConversation() -> ChatRequest {
        var r = ChatRequest(model: "m", messages: [
            ChatMessage(role: .system, text: "You are terse."),
            ChatMessage(role: .user, text: "Weather in Paris?"),
            ChatMessage(role: .assistant, toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city": "Paris"}"#)]),
            ChatMessage(role: .tool, content: [.text(#"{"temp_c": 21}"#)], toolCallID: "call_1"),
        ])
        r.tools = [weather]
        r.toolChoice = .auto
        return r
    }

    @Test func thinkingPromptForAModelWithoutReasoning() throws {
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "What is 2+2?")])
        r.reasoning.effort = .low
        let p = try Self.preparer().prepare(r, closeTagTokens: 5)
        // The instruction follows the system prompt SmolLM2's template writes for a conversation without one.
        let expected = "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face\n\n"
            + ThinkingPrompt.builtin.instruction + "<|im_end|>\n"
            + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n<think>\n"
        #expect(p.prompt == expected)
        #expect(p.format.reasoning == .think(startsInside: true))
        #expect(p.plan == OutputPlan(reasoning: .init(tags: .think(startsInside: true), budget: 256, isNative: false),
            answer: .free))
        #expect(p.format.toolCalls == nil)
    }

    @Test func theParagraphStyleOpensNothingAndEndsTheTraceAtABlankLine() throws {
        let t = try ModelFamilyTests.template("HuggingFaceTB-SmolLM2-135M-Instruct")
        let preparer = ChatPreparer(family: ModelFamily.detect(template: t, source: t.source), template: t,
            thinkingPrompt: .builtinParagraph, thinkingStyle: .paragraph)
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "What is 2+2?")])
        r.reasoning.effort = .low
        let p = try preparer.prepare(r, closeTagTokens: 5)
        let expected = "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face\n\n"
            + ThinkingPrompt.builtinParagraph.instruction + "<|im_end|>\n"
            + "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n"
        #expect(p.prompt == expected)
        #expect(!ThinkingPrompt.builtinParagraph.instruction.contains("<think>"))
        #expect(p.format.reasoning == .paragraph)
        #expect(p.plan == OutputPlan(reasoning: .init(tags: .paragraph, budget: 256, isNative: false), answer: .free))
        #expect(ThinkingPrompt.builtin(for: .paragraph) == .builtinParagraph)
        #expect(ThinkingPrompt.builtin(for: .tags) == .builtin)
        // Without reasoning the style changes nothing.
        r.reasoning.effort = ReasoningEffort.none
        #expect(try preparer.prepare(r).prompt == (try Self.preparer().prepare(r).prompt))
    }

    @Test func theDefaultModelThinksInParagraphs() throws {
        #expect(ModelCatalog.entry(id: ModelCatalog.defaultID)?.thinkingStyle == .paragraph)
        #expect(ModelCatalog.entry(id: "qwen2.5-coder-0.5b-instruct")?.thinkingStyle == .tags)
    }

    /// OpenAI/xAI: max_tokens bounds reasoning plus answer; the trace and its tag take at most half of it.
    @Test func openAIBudgetIsCutToHalfTheCap() throws {
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "What is 2+2?")])
        r.reasoning.effort = .low
        #expect(try Self.preparer().prepare(r, closeTagTokens: 5, outputCap: 1024).plan.reasoning?.budget == 256)
        #expect(try Self.preparer().prepare(r, closeTagTokens: 5, outputCap: 64).plan.reasoning?.budget == 32 - 5)
        #expect(try Self.preparer().prepare(r, closeTagTokens: 5, outputCap: 6).plan.reasoning?.budget == 0)
        // The prompt opens the tag here; a model that writes it itself needs room for both tags.
        #expect(ReasoningBudgetFit.budget(requested: 500, cap: 100, tagTokens: 10, budgetIncludedInCap: false) == 40)
    }

    @Test func anthropicBudgetCountsTowardMaxTokens() throws {
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "Hi")])
        r.reasoning = ReasoningOptions(enabled: true, budgetTokens: 1024)
        r.reasoning.budgetIncludedInMaxTokens = true
        #expect(try Self.preparer().prepare(r, closeTagTokens: 5, outputCap: 1200).plan.reasoning?.budget == 1024)
        // The answer keeps at least the closing tag and one token.
        #expect(try Self.preparer().prepare(r, closeTagTokens: 5, outputCap: 1025).plan.reasoning?.budget == 1019)
    }

    @Test func noReasoningUnlessAsked() throws {
        let r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "Hi")])
        let p = try Self.preparer().prepare(r)
        // SmolLM2's own default system prompt, untouched.
        #expect(p.prompt == "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n")
        #expect(p.format.reasoning == nil && p.plan.isUnconstrained)
    }

    @Test func toolRoundTripThroughTheBuiltinPrompt() throws {
        let p = try Self.preparer().prepare(Self.toolConversation())
        let expected = "<|im_start|>system\nYou are terse.\n\n" + Self.toolsSection + "<|im_end|>\n"
            + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"temp_c\": 21}\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n"
        #expect(p.prompt == expected)
        #expect(p.format.toolCalls == .hermes)
        // The built-in ChatML template renders tools itself and must agree with the rewrite.
        let builtin = ChatTemplate(builtin: .chatML)
        let b = ChatPreparer(family: ModelFamily.detect(template: builtin, source: builtin.source), template: builtin)
        #expect(try b.prepare(Self.toolConversation()).prompt == expected)
    }

    @Test func twoResultsJoinOneUserTurnAndThinkingComesBeforeTools() throws {
        var r = Self.toolConversation()
        r.messages[2].toolCalls.append(ToolCall(id: "call_2", name: "get_weather", arguments: #"{"city": "Rome"}"#))
        r.messages.append(ChatMessage(role: .tool, content: [.text("18C")], toolCallID: "call_2"))
        r.reasoning.enabled = true
        let p = try Self.preparer().prepare(r)
        let expected = "<|im_start|>system\nYou are terse.\n\n" + ThinkingPrompt.builtin.instruction + "\n\n"
            + Self.toolsSection + "<|im_end|>\n"
            + "<|im_start|>user\nWeather in Paris?<|im_end|>\n"
            + "<|im_start|>assistant\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>\n"
            + "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Rome\"}}\n</tool_call><|im_end|>\n"
            + "<|im_start|>user\n<tool_response>\n{\"temp_c\": 21}\n</tool_response>\n<tool_response>\n18C\n</tool_response><|im_end|>\n"
            + "<|im_start|>assistant\n<think>\n"
        #expect(p.prompt == expected)
    }

    @Test func gemmaGetsTheThinkingPromptInItsFirstTurn() throws {
        let t = ChatTemplate(builtin: .gemma)
        let prep = ChatPreparer(family: ModelFamily.detect(template: t, source: t.source), template: t, bosToken: "<bos>")
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "Hi")])
        r.reasoning.effort = .high
        let p = try prep.prepare(r)
        #expect(p.prompt == "<bos><start_of_turn>user\n" + ThinkingPrompt.builtin.instruction + "\n\nHi<end_of_turn>\n<start_of_turn>model\n<think>\n")
        #expect(p.plan.reasoning?.budget == 1024)
    }

    @Test func toolChoicesBecomePlans() throws {
        let prep = try Self.preparer()
        let calls = OutputPlan.ToolCalls(syntax: .hermes, tools: [Self.weather], maxCalls: 1)  // one per offered tool
        var r = Self.toolConversation()
        r.toolChoice = .auto
        #expect(try prep.prepare(r).plan.answer == .textThenToolCalls(calls))
        r.toolChoice = .required
        #expect(try prep.prepare(r).plan.answer == .toolCalls(calls))
        r.toolChoice = .none
        #expect(try prep.prepare(r).plan.answer == .text(excluding: ["<tool_call>"]))
        r.toolChoice = .function("get_weather")
        r.parallelToolCalls = false
        #expect(try prep.prepare(r).plan.answer == .toolCalls(.init(syntax: .hermes, tools: [Self.weather], maxCalls: 1)))
        r.toolChoice = .function("nope")
        #expect(throws: InferenceError.self) { try prep.prepare(r) }
    }

    @Test func reasoningDecisions() {
        typealias D = ChatPreparer.ReasoningDecision
        let cases: [(ReasoningOptions, D)] = [
            (ReasoningOptions(), .modelDefault),
            (ReasoningOptions(enabled: false), .off),
            (ReasoningOptions(effort: ReasoningEffort.none), .off),
            (ReasoningOptions(enabled: true), .on(budget: 256)),
            (ReasoningOptions(effort: .minimal), .on(budget: 128)),
            (ReasoningOptions(effort: .medium), .on(budget: 512)),
            (ReasoningOptions(effort: .xhigh), .on(budget: 2048)),
            (ReasoningOptions(enabled: true, budgetTokens: 3000, effort: .low), .on(budget: 3000)),
        ]
        for (options, expected) in cases { #expect(ChatPreparer.decide(options) == expected, "\(options)") }
    }

    @Test func nativeReasonersUseTheirSwitchAndTags() throws {
        let qwen3 = try Self.preparer("Qwen-Qwen3-0.6B")
        var r = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "Hi")])
        r.reasoning.effort = .medium
        let on = try qwen3.prepare(r)
        #expect(on.prompt.hasSuffix("<|im_start|>assistant\n"))
        #expect(!(on.format.reasoning?.startsInside ?? false))
        #expect(on.plan.reasoning == .init(tags: .think(), budget: 512))
        r.reasoning = ReasoningOptions(enabled: false)
        let off = try qwen3.prepare(r)
        #expect(off.prompt.hasSuffix("<|im_start|>assistant\n<think>\n\n</think>\n\n"))
        #expect(off.plan.reasoning == nil && !(off.format.reasoning?.startsInside ?? false))

        let qwq = try Self.preparer("Qwen-QwQ-32B")
        r.reasoning = ReasoningOptions(enabled: true, budgetTokens: 100)
        let inside = try qwq.prepare(r)
        #expect((inside.format.reasoning?.startsInside ?? false))
        #expect(inside.plan.reasoning == .init(tags: .think(startsInside: true), budget: 100))
    }
}
