public import InferenceTypes
public import Jinja

/// Everything a chat template renders from.
public struct ChatTemplateInput: Sendable {
    /// The conversation.
    public var messages: [ChatMessage]
    /// Functions the model may call; templates see them only when non-empty (as `tools`).
    public var tools: [ToolDefinition]
    /// Whether to end the prompt with the opening of an assistant turn.
    public var addGenerationPrompt: Bool
    /// The text of the model's BOS token (`bos_token`).
    public var bosToken: String
    /// The text of the model's EOS token (`eos_token`).
    public var eosToken: String
    /// Further template variables, e.g. `enable_thinking: false` or `reasoning_effort: "high"`.
    public var extras: [String: JSONValue]
    /// The clock behind `strftime_now` (tests freeze it).
    public var now: @Sendable () -> LocalDateTime

    /// Creates an input; by default a generation prompt is added and the clock is the machine's local time.
    public init(
        messages: [ChatMessage], tools: [ToolDefinition] = [], addGenerationPrompt: Bool = true, bosToken: String = "",
        eosToken: String = "", extras: [String: JSONValue] = [:],
        now: @escaping @Sendable () -> LocalDateTime = { LocalDateTime.now() }
    ) {
        self.messages = messages
        self.tools = tools
        self.addGenerationPrompt = addGenerationPrompt
        self.bosToken = bosToken
        self.eosToken = eosToken
        self.extras = extras
        self.now = now
    }
}
