/// How a model's raw output text is structured: whether it thinks inside tags and how it writes tool calls.
///
/// Chosen per model family (and per request) by `Inference`, then handed to an ``OutputParser``.
public struct OutputFormat: Sendable, Hashable {
    /// The reasoning tags, or `nil` when the model does not think in tags (everything is content).
    public var reasoning: ReasoningTags?
    /// The tool-call syntax to parse, or `nil` when tool calls are not parsed (everything is content).
    public var toolCalls: ToolCallFormat?

    /// A format with the given reasoning tags and tool-call syntax.
    public init(reasoning: ReasoningTags? = nil, toolCalls: ToolCallFormat? = nil) {
        self.reasoning = reasoning
        self.toolCalls = toolCalls
    }

    /// Plain text: no reasoning, no tool calls; the parser passes text through unchanged.
    public static let plain = OutputFormat()
}

/// The tags that enclose a model's reasoning, e.g. `<think>` … `</think>`.
public struct ReasoningTags: Sendable, Hashable {
    /// The opening tag, e.g. `<think>`.
    public var open: String
    /// The closing tag, e.g. `</think>`.
    public var close: String
    /// The prompt already opened the tag (DeepSeek-R1 distills, Qwen3 templates with thinking, Swiftlet's own
    /// thinking prompt): output starts inside the reasoning. A repeated opening tag at the very start is swallowed.
    public var startsInside: Bool

    /// Tags with the given spelling.
    public init(open: String, close: String, startsInside: Bool = false) {
        self.open = open
        self.close = close
        self.startsInside = startsInside
    }

    /// `<think>` … `</think>` (DeepSeek-R1, Qwen3, QwQ, Swiftlet's own thinking prompt).
    public static func think(startsInside: Bool = false) -> ReasoningTags {
        ReasoningTags(open: "<think>", close: "</think>", startsInside: startsInside)
    }

    /// The output starts inside the reasoning and its first blank line closes it (Swiftlet's thinking prompt in
    /// its paragraph style: the first paragraph is the trace). A `<think>` the model writes at the very start is
    /// swallowed, as with ``think(startsInside:)``.
    public static let paragraph = ReasoningTags(open: "<think>", close: "\n\n", startsInside: true)

    /// Whether a blank line closes the reasoning (``paragraph``): the answer after it may hold blank lines of its own.
    public var closesAtBlankLine: Bool { close == "\n\n" }
}
