public import ChatTemplates
public import InferenceTypes
import Jinja
public import OutputParsing

/// A chat request made ready for the engine: the prompt text, how to parse the output, and the output plan.
public struct PreparedChat: Sendable {
    /// The rendered prompt (ends with `<think>\n` when Swiftlet's thinking prompt is used in its tags style).
    public var prompt: String
    /// How the output is parsed: its reasoning tags (nil = not split into reasoning; `startsInside` when the prompt
    /// opened them) and its tool-call format (nil = no tools offered: the output is plain content).
    public var format: OutputFormat
    /// What the output must look like.
    public var plan: OutputPlan
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
    /// How the thinking prompt shapes the output (`ThinkingStyle`).
    public let thinkingStyle: ThinkingStyle
    public let bosToken: String
    public let eosToken: String

    public init(family: ModelFamily, template: ChatTemplate, thinkingPrompt: ThinkingPrompt = .builtin,
        thinkingStyle: ThinkingStyle = .tags, bosToken: String = "", eosToken: String = "")
    {
        self.family = family
        self.template = template
        self.thinkingPrompt = thinkingPrompt
        self.thinkingStyle = thinkingStyle
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

    /// Prepares `request`; `closeTagTokens` is how many tokens a think tag takes, and `outputCap` the most tokens the
    /// request may generate (reasoning included): the reasoning budget is cut to fit it (`ReasoningBudgetFit`).
    /// nil = no cap (the budget as asked).
    public func prepare(_ request: ChatRequest, closeTagTokens: Int = 8, outputCap: Int? = nil) throws(InferenceError)
        -> PreparedChat
    {
        guard !request.messages.isEmpty else {
            throw .invalidRequest(parameter: "messages", message: "at least one message is required")
        }
        var messages = request.messages
        var extras = request.templateVariables
        var systemAdditions: [String] = []
        var thinkTags: ReasoningTags?
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
                reasoningPlan = OutputPlan.Reasoning(tags: native, budget: budget)
            }
        } else if case .on(let budget) = decision {
            // Swiftlet's thinking prompt: instruction in the system message; the prompt opens `<think>` or, in the
            // paragraph style, nothing.
            let tags = thinkingStyle.tags
            thinkTags = tags
            if !thinkingPrompt.instruction.isEmpty { systemAdditions.append(thinkingPrompt.instruction) }
            promptSuffix = thinkingStyle.promptSuffix
            reasoningPlan = OutputPlan.Reasoning(tags: tags, budget: budget, isNative: false)
            // Earlier turns' reasoning is not shown to a model that has no reasoning format of its own.
            for i in messages.indices { messages[i].reasoning = nil }
        }

        // Tools: through the model's template when it renders them, else Swiftlet's Hermes-style prompt.
        var templateTools: [ToolDefinition] = []
        var toolSyntax: ToolCallFormat?
        if !systemAdditions.isEmpty, messages.first?.role != .system,
            let persona = template.defaultSystemPrompt(bosToken: bosToken, eosToken: eosToken)
        {
            // The thinking instruction goes after the system prompt the template would have written, not in its
            // place: SmolLM2 without its persona answered 6 of Benchmarks/qa.py's 50 questions in its trace, 23 with
            // it (the README's reasoning section has the numbers).
            messages.insert(ChatMessage(role: .system, text: persona), at: 0)
        }
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
        let text = try Self.render(template, input)
        if let native = family.nativeThinkTags {
            // A native template may open the tag itself (DeepSeek-R1 distills, QwQ): then the output starts inside.
            let opened = text.trimmingTrailingWhitespace().hasSuffix(native.open)
            thinkTags?.startsInside = opened
            reasoningPlan?.tags.startsInside = opened
        }
        if let r = reasoningPlan, let cap = outputCap {
            reasoningPlan?.budget = ReasoningBudgetFit.budget(requested: r.budget, cap: cap,
                tagTokens: closeTagTokens + (r.tags.startsInside ? 0 : closeTagTokens),
                budgetIncludedInCap: request.reasoning.budgetIncludedInMaxTokens)
        }
        return PreparedChat(prompt: text + promptSuffix, format: OutputFormat(reasoning: thinkTags, toolCalls: toolSyntax),
            plan: OutputPlan(reasoning: reasoningPlan, answer: answer))
    }

    /// Renders `input`. A template that refuses a system role (`raise_exception`, as Gemma 2's and older Mistral
    /// templates do) gets the system text folded into the first user turn instead, separated by a blank line — the
    /// convention Gemma 3's own template follows — so that a client's system prompt, Swiftlet's thinking instruction
    /// and its tool prompt still reach such a model. Any other refusal is the client's to fix (400).
    static func render(_ template: ChatTemplate, _ input: ChatTemplateInput) throws(InferenceError) -> String {
        var failure: TemplateError
        do {
            return try template.render(input)
        } catch {
            failure = error
        }
        if failure.kind == .raised, let folded = foldingSystemIntoFirstUserTurn(input.messages) {
            var retry = input
            retry.messages = folded
            do {
                return try template.render(retry)
            } catch {
                // The system role is dealt with; what the template refuses now is the client's to fix.
                failure = error
            }
        }
        throw .invalidRequest(parameter: "messages", message: failure.kind == .raised ? failure.message : "\(failure)")
    }

    /// The conversation with its leading system message(s) moved to the start of the first user turn; nil when there
    /// is no system message or no user turn to carry it.
    public static func foldingSystemIntoFirstUserTurn(_ messages: [ChatMessage]) -> [ChatMessage]? {
        let system = messages.prefix { $0.role == .system }
        guard !system.isEmpty else { return nil }
        var rest = Array(messages.dropFirst(system.count))
        guard let u = rest.firstIndex(where: { $0.role == .user }) else { return nil }
        let prefix = system.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n\n")
        if !prefix.isEmpty { rest[u].content.insert(.text(prefix + "\n\n"), at: 0) }
        return rest
    }

    /// The answer part of the plan.
    static func answer(_ request: ChatRequest, syntax: ToolCallFormat?) throws(InferenceError)
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
