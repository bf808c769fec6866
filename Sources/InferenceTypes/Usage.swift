/// Token accounting for one response (all choices together).
public struct Usage: Sendable, Hashable {
    /// Prompt tokens, including cached ones.
    public var promptTokens: Int = 0
    /// Prompt tokens served from the prefix cache.
    public var cachedPromptTokens: Int = 0
    /// Visible output tokens (answer and tool calls), excluding reasoning.
    public var completionTokens: Int = 0
    /// Thinking tokens.
    public var reasoningTokens: Int = 0

    public init(promptTokens: Int = 0, cachedPromptTokens: Int = 0, completionTokens: Int = 0, reasoningTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.completionTokens = completionTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Every token processed or produced.
    public var totalTokens: Int { promptTokens + completionTokens + reasoningTokens }
}
