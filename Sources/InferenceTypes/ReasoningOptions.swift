/// How much a model should think before answering.
public enum ReasoningEffort: String, Sendable, Hashable, CaseIterable {
    case none, minimal, low, medium, high, xhigh
}

/// Reasoning requested by the client.
public struct ReasoningOptions: Sendable, Hashable {
    /// `nil` = the model's default (always on for the grok-3-mini persona); `false` = no thinking.
    public var enabled: Bool?
    /// Most tokens the thinking may take before the end tag is forced.
    public var budgetTokens: Int?
    public var effort: ReasoningEffort?
    /// Both APIs count thinking tokens toward `ChatRequest.maxTokens`. true (Anthropic): the client set the budget
    /// below `maxTokens` itself, so it is used as given; false (OpenAI/xAI): the budget is cut to at most half of
    /// `maxTokens`, so the answer keeps room.
    public var budgetIncludedInMaxTokens: Bool = false

    public init(enabled: Bool? = nil, budgetTokens: Int? = nil, effort: ReasoningEffort? = nil) {
        self.enabled = enabled
        self.budgetTokens = budgetTokens
        self.effort = effort
    }
}
