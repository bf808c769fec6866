/// What a code snippet sends: the playground's settings and conversation, on one server, with one key.
public struct SnippetSettings: Sendable, Hashable {
    /// One chat message.
    public struct Message: Sendable, Hashable {
        /// `user` or `assistant`.
        public var role: String
        public var content: String

        /// A message.
        public init(role: String, content: String) {
            self.role = role
            self.content = content
        }
    }

    /// The playground's defaults: temperature 0.7, 1000 tokens, top P 0.9, no penalties.
    public static let defaultTemperature = 0.7
    public static let defaultMaxTokens = 1000
    public static let defaultTopP = 0.9
    /// The system message the playground starts with.
    public static let defaultSystem = "You are a helpful assistant."
    /// The user message of a snippet when the prompt box is empty.
    public static let defaultPrompt = "Hello!"
    /// The placeholder shown instead of a key.
    public static let keyPlaceholder = "YOUR_API_KEY"

    /// The server's base URL, without a trailing slash.
    public var baseURL: String
    /// The model name to send.
    public var model: String
    /// The system message (left out when empty).
    public var system = SnippetSettings.defaultSystem
    /// The conversation, ending with the user's message.
    public var messages = [Message(role: "user", content: SnippetSettings.defaultPrompt)]
    public var temperature = SnippetSettings.defaultTemperature
    public var maxTokens = SnippetSettings.defaultMaxTokens
    public var topP = SnippetSettings.defaultTopP
    public var frequencyPenalty = 0.0
    public var presencePenalty = 0.0
    /// `low`, `high`, …; nil = the model's default (left out).
    public var reasoningEffort: String?
    /// The key to show; nil or empty = ``keyPlaceholder``.
    public var apiKey: String?

    /// The defaults for `model` on the server at `baseURL`.
    public init(baseURL: String, model: String) {
        self.baseURL = baseURL
        self.model = model
    }

    /// The key the snippets show.
    var key: String { (apiKey?.isEmpty ?? true) ? Self.keyPlaceholder : apiKey ?? Self.keyPlaceholder }

    /// The messages an OpenAI-style body carries: the system message first.
    var openAIMessages: CodeLiteral {
        var all: [Message] = system.isEmpty ? [] : [Message(role: "system", content: system)]
        all += messages
        return .array(all.map(Self.message))
    }

    /// The messages an Anthropic body carries (the system message goes in its own field).
    var anthropicMessages: CodeLiteral { .array(messages.map(Self.message)) }

    private static func message(_ m: Message) -> CodeLiteral {
        .object([.init(key: "role", value: .string(m.role)), .init(key: "content", value: .string(m.content))])
    }

    /// The sampling fields after the messages, in the order every snippet lists them.
    var samplingFields: [CodeLiteral.Field] {
        var fields: [CodeLiteral.Field] = [
            .init(key: "temperature", value: .number(Formatting.number(temperature))),
            .init(key: "max_tokens", value: .number(String(maxTokens))),
            .init(key: "top_p", value: .number(Formatting.number(topP))),
            .init(key: "frequency_penalty", value: .number(Formatting.number(frequencyPenalty))),
            .init(key: "presence_penalty", value: .number(Formatting.number(presencePenalty))),
        ]
        if let effort = reasoningEffort, !effort.isEmpty {
            fields.append(.init(key: "reasoning_effort", value: .string(effort)))
        }
        return fields
    }

    /// The Chat Completions body.
    var chatBody: CodeLiteral {
        .object([.init(key: "model", value: .string(model)), .init(key: "messages", value: openAIMessages)] + samplingFields)
    }
}
