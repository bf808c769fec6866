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
    /// The sampling fields the client set; the others take the model's defaults (`SamplingDefaults`). API decoders
    /// list what the body had; a request built in code keeps every value as given.
    public var explicitSampling: SamplingFields = .all
    /// Most output tokens (nil = the model's default cap).
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
    /// Who may reuse this prompt's cached keys and values: requests with the same scope share prompt-cache prefixes,
    /// others never do (nil: the shared scope). The server scopes by API key, so one tenant cannot learn another's
    /// prompts from `cached_tokens` or from timing.
    public var cacheScope: String?

    public init(model: String, messages: [ChatMessage]) {
        self.model = model
        self.messages = messages
    }
}
