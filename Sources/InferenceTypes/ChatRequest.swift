/// Which tools the model may or must call.
public enum ToolChoice: Sendable, Hashable {
    /// Never call a tool.
    case none
    /// The model decides.
    case auto
    /// Must call at least one tool.
    case required
    /// Must call this tool.
    case function(String)
}

/// The shape the answer must take.
public enum ResponseFormat: Sendable, Hashable {
    case text
    /// Any JSON object.
    case jsonObject
    /// JSON valid against `schema`.
    case jsonSchema(name: String?, schema: JSONValue, strict: Bool)
    /// A grammar in Swiftlet's GBNF-like syntax (the `grammar` extension field).
    case grammar(String)
}

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
    /// true (Anthropic): thinking tokens count toward `ChatRequest.maxTokens`. false (OpenAI/xAI): `maxTokens` caps
    /// the visible answer, and the reasoning budget comes on top of it.
    public var budgetIncludedInMaxTokens: Bool = false

    public init(enabled: Bool? = nil, budgetTokens: Int? = nil, effort: ReasoningEffort? = nil) {
        self.enabled = enabled
        self.budgetTokens = budgetTokens
        self.effort = effort
    }
}

/// A chat request, independent of the API it arrived on.
public struct ChatRequest: Sendable {
    /// The model name as the client sent it (echoed back in responses).
    public var model: String
    public var messages: [ChatMessage]
    public var tools: [ToolDefinition] = []
    public var toolChoice: ToolChoice = .auto
    /// false = at most one call.
    public var parallelToolCalls: Bool = true
    public var sampling = SamplingParameters()
    /// Most visible output tokens (nil = until the context is full).
    public var maxTokens: Int?
    /// Stop strings (never included in the output).
    public var stop: [String] = []
    public var responseFormat: ResponseFormat = .text
    public var reasoning = ReasoningOptions()
    /// Number of choices.
    public var n: Int = 1
    /// Extra chat-template variables (`chat_template_kwargs`, e.g. `enable_thinking`).
    public var templateVariables: [String: JSONValue] = [:]
    /// End-user id, for logs and accounting.
    public var user: String?

    public init(model: String, messages: [ChatMessage]) {
        self.model = model
        self.messages = messages
    }
}

/// A raw text completion request (legacy `/v1/completions`, `swiftlet run`).
public struct CompletionRequest: Sendable {
    public var model: String
    public var prompt: String
    public var sampling = SamplingParameters()
    public var maxTokens: Int?
    public var stop: [String] = []
    public var n: Int = 1
    /// Echo the prompt before the completion.
    public var echo: Bool = false

    public init(model: String, prompt: String) {
        self.model = model
        self.prompt = prompt
    }
}
