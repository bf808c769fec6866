/// Who speaks a message.
public enum ChatRole: String, Sendable, Hashable, Codable {
    case system
    case user
    case assistant
    case tool
}

/// One part of a message's content.
public enum ContentPart: Sendable, Hashable {
    case text(String)
    /// An image given by URL or data URL. Swiftlet's models are text-only; templates may still see the part.
    case image(url: String)
}

/// A tool call made by the assistant.
public struct ToolCall: Sendable, Hashable {
    /// A non-empty id the client echoes back with the result.
    public var id: String
    public var name: String
    /// The arguments as JSON text, exactly as the model produced them (OpenAI's `arguments` string).
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// The arguments parsed as JSON, or `nil` when they do not parse.
    public var parsedArguments: JSONValue? { try? JSONValue.parse(arguments) }
}

/// A message of a conversation, independent of the API it came from.
public struct ChatMessage: Sendable, Hashable {
    public var role: ChatRole
    public var content: [ContentPart]
    /// Visible reasoning that came with an earlier assistant turn (`reasoning_content` / a thinking block).
    public var reasoning: String?
    /// Calls the assistant made in this turn.
    public var toolCalls: [ToolCall]
    /// For `.tool` messages: the id of the call this answers.
    public var toolCallID: String?
    /// Optional speaker name (OpenAI `name`; the tool name for tool results).
    public var name: String?

    public init(
        role: ChatRole, content: [ContentPart] = [], reasoning: String? = nil, toolCalls: [ToolCall] = [],
        toolCallID: String? = nil, name: String? = nil
    ) {
        self.role = role
        self.content = content
        self.reasoning = reasoning
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.name = name
    }

    /// A message whose content is one text part.
    public init(role: ChatRole, text: String) {
        self.init(role: role, content: [.text(text)])
    }

    /// The text parts joined together (images dropped).
    public var text: String {
        content.reduce(into: "") { acc, part in if case .text(let t) = part { acc += t } }
    }
}

/// A function the model may call.
public struct ToolDefinition: Sendable, Hashable {
    public var name: String
    public var description: String?
    /// The JSON schema of the arguments object.
    public var parameters: JSONValue
    public var strict: Bool

    public init(name: String, description: String? = nil, parameters: JSONValue = ["type": "object"], strict: Bool = false) {
        self.name = name
        self.description = description
        self.parameters = parameters
        self.strict = strict
    }
}
