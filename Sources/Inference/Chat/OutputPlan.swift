public import InferenceTypes
public import OutputParsing

/// What one chat choice's output must look like, decided from the request and the model family before generation:
/// an optional reasoning segment with a token budget, then the answer. `LocalInferenceService` turns it into the
/// engine's constraint plan (grammar), so every rule here is enforced token by token, not checked afterwards.
public struct OutputPlan: Sendable, Hashable {
    /// A reasoning segment: the opening tag (unless the prompt already opened it: `tags.startsInside`), free text
    /// without the closing tag of at most `budget` tokens, then the closing tag. At the budget only the closing tag
    /// can follow (budget forcing).
    public struct Reasoning: Sendable, Hashable {
        /// The tags, and whether the prompt already opened them.
        public var tags: ReasoningTags
        /// Most tokens of thinking text before the closing tag is forced.
        public var budget: Int
        /// Whether the model reasons natively (its own format), rather than through Swiftlet's thinking prompt.
        public var isNative: Bool

        public init(tags: ReasoningTags, budget: Int, isNative: Bool = true) {
            self.tags = tags
            self.budget = budget
            self.isNative = isNative
        }
    }

    /// Tool calls in a model family's syntax.
    public struct ToolCalls: Sendable, Hashable {
        public var syntax: ToolCallFormat
        /// The tools a call may name (one tool for a named `tool_choice`).
        public var tools: [ToolDefinition]
        /// Most calls (1 when parallel calls are off); nil = no limit.
        public var maxCalls: Int?

        public init(syntax: ToolCallFormat, tools: [ToolDefinition], maxCalls: Int?) {
            self.syntax = syntax
            self.tools = tools
            self.maxCalls = maxCalls
        }

        /// The text that opens a call in this syntax (what `none` masks and free text may not contain).
        public var opener: String { syntax.opener }
    }

    /// The answer after any reasoning.
    public enum Answer: Sendable, Hashable {
        /// Anything until the end of generation.
        case free
        /// Text that can never contain any of the strings (tool-call syntax masked for `tool_choice: none`).
        case text(excluding: [String])
        /// One or more calls and nothing else (`required`, `any`, named).
        case toolCalls(ToolCalls)
        /// Text without the call opener, then optionally calls (`auto`: arguments are constrained once a call opens).
        case textThenToolCalls(ToolCalls)
        /// The response format's grammar (JSON object / schema / grammar text).
        case format(ResponseFormat)
        /// Either the response format's answer or calls (`auto` with a `response_format`: the schema applies to the
        /// final text, not to tool calls).
        case formatOrToolCalls(ResponseFormat, ToolCalls)
    }

    /// The reasoning segment, if the output must start with one.
    public var reasoning: Reasoning?
    /// The answer.
    public var answer: Answer

    public init(reasoning: Reasoning? = nil, answer: Answer = .free) {
        self.reasoning = reasoning
        self.answer = answer
    }

    /// True when nothing is constrained (the engine then samples freely).
    public var isUnconstrained: Bool { reasoning == nil && answer == .free }

    /// Whether the client's stop strings apply. Structured answers and tool calls are never cut short by a stop
    /// string: the grammar decides where they end. Free-text answers (with or without a reasoning trace) honour them.
    public var honoursStopStrings: Bool {
        switch answer {
        case .free, .text: return true
        case .toolCalls, .textThenToolCalls, .format, .formatOrToolCalls: return false
        }
    }

    /// The answer can only be tool calls (`required` / named): text the parser releases at the end (a call cut by
    /// the token cap) is dropped instead of being returned as content.
    public var answersOnlyWithToolCalls: Bool {
        if case .toolCalls = answer { return true }
        return false
    }
}
