public import InferenceTypes

/// What one chat choice's output must look like, decided from the request and the model family before generation:
/// an optional reasoning segment with a token budget, then the answer. `LocalInferenceService` turns it into the
/// engine's constraint plan (grammar), so every rule here is enforced token by token, not checked afterwards.
public struct OutputPlan: Sendable, Hashable {
    /// A reasoning segment: `open` (unless the prompt already opened it), free text without `close` of at most
    /// `budget` tokens, then `close`. At the budget only the closing tag can follow (budget forcing).
    public struct Reasoning: Sendable, Hashable {
        /// The opening tag the output must start with; nil when the prompt already opened it.
        public var open: String?
        /// The closing tag.
        public var close: String
        /// Most tokens of thinking text before `close` is forced.
        public var budget: Int

        public init(open: String?, close: String, budget: Int) {
            self.open = open
            self.close = close
            self.budget = budget
        }
    }

    /// Tool calls in a model family's syntax.
    public struct ToolCalls: Sendable, Hashable {
        public var syntax: ModelFamily.ToolCallSyntax
        /// The tools a call may name (one tool for a named `tool_choice`).
        public var tools: [ToolDefinition]
        /// Most calls (1 when parallel calls are off); nil = no limit.
        public var maxCalls: Int?

        public init(syntax: ModelFamily.ToolCallSyntax, tools: [ToolDefinition], maxCalls: Int?) {
            self.syntax = syntax
            self.tools = tools
            self.maxCalls = maxCalls
        }

        /// The text that opens a call in this syntax (what `none` masks and free text may not contain).
        public var opener: String {
            switch syntax {
            case .hermes: return "<tool_call>"
            case .llama3JSON: return "{\"name\""
            case .mistral: return "[TOOL_CALLS]"
            }
        }
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
}
