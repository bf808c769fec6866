public import InferenceTypes

/// The system-prompt addition that makes a model without native reasoning think first ("thinking for models
/// that have none").
///
/// When reasoning is on for such a model (asked for, or always for the grok-3-mini aliases), Swiftlet appends this
/// text to the system message (creating one when the conversation has none) and, in the model's ``ThinkingStyle``,
/// either ends the rendered prompt with an opening `<think>` tag and a newline and constrains the output to
/// `FREE_TEXT(without "</think>", at most B tokens) "</think>" ANSWER` (`tags`), or opens nothing and constrains it to
/// `FREE_TEXT(without a blank line, at most B tokens) "\n\n" ANSWER` (`paragraph`): the model's own tokens form the
/// trace, and at the budget the closing text is forced. Replace the text with `thinkingPrompt` in the server's config
/// file (or `--thinking-prompt`), for every model; it should describe the model's style (think inside
/// `<think>…</think>` and answer after the tag, or reason first, then a blank line, then answer).
public struct ThinkingPrompt: Sendable, Hashable {
    /// The instruction appended to the system message.
    public var instruction: String

    /// Swiftlet's built-in instruction (for ``ThinkingStyle/tags``).
    public static let builtin = ThinkingPrompt(instruction: """
        Before answering, think about the request step by step inside <think> and </think> tags. \
        Write your reasoning in plain sentences, then close the tag with </think> and give your final answer after it.
        """)

    /// Swiftlet's built-in instruction for ``ThinkingStyle/paragraph``, which has no tags to mention.
    public static let builtinParagraph = ThinkingPrompt(instruction: """
        Before answering, think about the request step by step. \
        Write your reasoning in plain sentences first, then a blank line, then your final answer.
        """)

    /// The built-in instruction for a thinking style.
    public static func builtin(for style: ThinkingStyle) -> ThinkingPrompt {
        style == .paragraph ? builtinParagraph : builtin
    }

    public init(instruction: String) {
        self.instruction = instruction
    }
}

/// Token budgets for reasoning effort levels, Swiftlet's choice for small local models (documented in the README):
///
/// | effort | budget (tokens) |
/// |---|---|
/// | `minimal` | 128 |
/// | `low` (the default when reasoning is on without a level) | 256 |
/// | `medium` | 512 |
/// | `high` | 1024 |
/// | `xhigh` | 2048 |
///
/// `none` turns reasoning off. Anthropic `thinking.budget_tokens` is used as given.
public enum ReasoningBudget {
    /// The level used when reasoning is on and neither a level nor a budget was given.
    public static let defaultEffort = ReasoningEffort.low

    /// The budget of an effort level; nil for `none` (reasoning off).
    public static func tokens(for effort: ReasoningEffort) -> Int? {
        switch effort {
        case .none: return nil
        case .minimal: return 128
        case .low: return 256
        case .medium: return 512
        case .high: return 1024
        case .xhigh: return 2048
        }
    }
}
