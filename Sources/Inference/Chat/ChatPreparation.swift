public import ChatTemplates
public import InferenceTypes
import Jinja

/// A chat request made ready for the engine: the prompt text, how to parse the output, and the output plan.
public struct PreparedChat: Sendable {
    /// The rendered prompt (ends with `<think>\n` when Swiftlet's thinking prompt is used).
    public var prompt: String
    /// The tags reasoning is written in (nil = the output is not split into reasoning).
    public var thinkTags: ModelFamily.ThinkTags?
    /// The output starts inside the reasoning (the prompt opened the tag).
    public var startsInsideReasoning: Bool
    /// The syntax tool calls are parsed in (nil = no tools offered: the output is plain content).
    public var toolSyntax: ModelFamily.ToolCallSyntax?
    /// What the output must look like.
    public var plan: OutputPlan
    /// Extra engine tokens on top of the client's cap: the reasoning budget and its closing tag when the API's cap
    /// is for the answer only (OpenAI/xAI), 0 otherwise.
    public var reasoningAllowance: Int
}

/// Turns a `ChatRequest` into a `PreparedChat` for one model: decides reasoning (on with a budget, off, or the
/// model's default), picks how tools reach the model (its own template, or Swiftlet's Hermes-style prompt), renders
/// the prompt and builds the `OutputPlan`.
///
/// Reasoning rules (`ReasoningOptions`): `enabled: false` or effort `none` → off; a budget (`thinking.budget_tokens`)
/// or an effort level (`ReasoningBudget`) → on with that budget; `enabled: true` alone → on with the default level's
/// budget; nothing → the model's default (a native reasoner thinks unbudgeted, any other model does not think).
/// For a model without native reasoning, "on" means Swiftlet's `ThinkingPrompt`.
///
/// Tool rules: `none` → the call opener is masked; `auto` → text, then optionally calls whose arguments follow the
/// tool's schema; `required` / named → only calls; `parallelToolCalls: false` → at most one call; parallel calls are
/// capped at one per offered tool (a named choice: one call).
public struct ChatPreparer: Sendable {
    public let family: ModelFamily
    public let template: ChatTemplate
    public let thinkingPrompt: ThinkingPrompt
    public let bosToken: String
    public let eosToken: String

    public init(family: ModelFamily, template: ChatTemplate, thinkingPrompt: ThinkingPrompt = .builtin,
        bosToken: String = "", eosToken: String = "")
    {
        self.family = family
        self.template = template
        self.thinkingPrompt = thinkingPrompt
        self.bosToken = bosToken
        self.eosToken = eosToken
    }

    /// What the request asks of reasoning.
    public enum ReasoningDecision: Sendable, Hashable {
        case off
        case modelDefault
        case on(budget: Int)
    }

    /// The reasoning decision for `options` (see the type's documentation).
    public static func decide(_ options: ReasoningOptions) -> ReasoningDecision {
        if options.enabled == false || options.effort == ReasoningEffort.none { return .off }
        if let budget = options.budgetTokens { return .on(budget: max(1, budget)) }
        if let effort = options.effort, let budget = ReasoningBudget.tokens(for: effort) { return .on(budget: budget) }
        if options.enabled == true, let budget = ReasoningBudget.tokens(for: ReasoningBudget.defaultEffort) {
            return .on(budget: budget)
        }
        return .modelDefault
    }

    /// Prepares `request`; `closeTagTokens` is how many tokens the closing think tag takes (for the allowance).
    public func prepare(_ request: ChatRequest, closeTagTokens: Int = 8) throws(InferenceError) -> PreparedChat {
        guard !request.messages.isEmpty else {
            throw .invalidRequest(parameter: "messages", message: "at least one message is required")
        }
        var messages = request.messages
        var extras = request.templateVariables
        var systemAdditions: [String] = []
        var thinkTags: ModelFamily.ThinkTags?
        var startsInside = false
        var reasoningPlan: OutputPlan.Reasoning?
        var promptSuffix = ""

        let decision = Self.decide(request.reasoning)
        if let native = family.nativeThinkTags {
            thinkTags = native
            switch decision {
            case .off:
                if family.hasThinkingSwitch { extras["enable_thinking"] = false }
            case .modelDefault:
                break
            case .on(let budget):
                if family.hasThinkingSwitch { extras["enable_thinking"] = true }
                // Whether the prompt opens the tag is read from the rendered prompt below.
                reasoningPlan = OutputPlan.Reasoning(open: native.open, close: native.close, budget: budget)
            }
        } else if case .on(let budget) = decision {
            // Swiftlet's thinking prompt: instruction in the system message, `<think>` opened by the prompt.
            let tags = ModelFamily.ThinkTags.think
            thinkTags = tags
            startsInside = true
            systemAdditions.append(thinkingPrompt.instruction)
            promptSuffix = tags.open + "\n"
            reasoningPlan = OutputPlan.Reasoning(open: nil, close: tags.close, budget: budget)
            // Earlier turns' reasoning is not shown to a model that has no reasoning format of its own.
            for i in messages.indices { messages[i].reasoning = nil }
        }

        // Tools: through the model's template when it renders them, else Swiftlet's Hermes-style prompt.
        var templateTools: [ToolDefinition] = []
        var toolSyntax: ModelFamily.ToolCallSyntax?
        messages = HermesToolPrompt.appendingToSystem(messages, systemAdditions)
        if !request.tools.isEmpty {
            if family.templateRendersTools {
                templateTools = request.tools
                toolSyntax = family.toolCallSyntax
            } else {
                messages = HermesToolPrompt.rewrite(messages, tools: request.tools)
                toolSyntax = .hermes
            }
        } else if messages.contains(where: { $0.role == .tool || !$0.toolCalls.isEmpty }), !family.templateRendersTools {
            // Tool traffic in the history but no tools offered now: still render it readably.
            messages = HermesToolPrompt.rewrite(messages, tools: [])
        }

        let answer = try Self.answer(request, syntax: toolSyntax)
        let input = ChatTemplateInput(messages: messages, tools: templateTools, addGenerationPrompt: true,
            bosToken: bosToken, eosToken: eosToken, extras: extras)
        let text: String
        do {
            text = try template.render(input)
        } catch {
            // A template that rejects the conversation (raise_exception) is the client's to fix.
            throw .invalidRequest(parameter: "messages", message: error.kind == .raised ? error.message : "\(error)")
        }
        if let native = family.nativeThinkTags {
            // A native template may open the tag itself (DeepSeek-R1 distills, QwQ): then the output starts inside.
            startsInside = text.trimmingTrailingWhitespace().hasSuffix(native.open)
            if startsInside { reasoningPlan?.open = nil }
        }
        var allowance = 0
        if let r = reasoningPlan, !request.reasoning.budgetIncludedInMaxTokens {
            allowance = r.budget + closeTagTokens + (r.open == nil ? 0 : closeTagTokens)
        }
        return PreparedChat(prompt: text + promptSuffix, thinkTags: thinkTags, startsInsideReasoning: startsInside,
            toolSyntax: toolSyntax, plan: OutputPlan(reasoning: reasoningPlan, answer: answer),
            reasoningAllowance: allowance)
    }

    /// The answer part of the plan.
    static func answer(_ request: ChatRequest, syntax: ModelFamily.ToolCallSyntax?) throws(InferenceError)
        -> OutputPlan.Answer
    {
        let formatted: OutputPlan.Answer = request.responseFormat == .text ? .free : .format(request.responseFormat)
        guard let syntax, !request.tools.isEmpty else { return formatted }
        // Parallel calls: at most one per offered tool (a small model otherwise keeps calling until the token cap
        // cuts a call in half); `parallel_tool_calls: false` / `disable_parallel_tool_use`: one call.
        let maxCalls = request.parallelToolCalls ? request.tools.count : 1
        let all = OutputPlan.ToolCalls(syntax: syntax, tools: request.tools, maxCalls: maxCalls)
        switch request.toolChoice {
        case .none:
            return request.responseFormat == .text ? .text(excluding: [all.opener]) : formatted
        case .auto:
            return request.responseFormat == .text ? .textThenToolCalls(all) : .formatOrToolCalls(request.responseFormat, all)
        case .required:
            return .toolCalls(all)
        case .function(let name):
            let named = request.tools.filter { $0.name == name }
            guard !named.isEmpty else {
                throw .invalidRequest(parameter: "tool_choice", message: "names the tool `\(name)`, which is not among `tools`")
            }
            return .toolCalls(OutputPlan.ToolCalls(syntax: syntax, tools: named, maxCalls: 1))
        }
    }
}
