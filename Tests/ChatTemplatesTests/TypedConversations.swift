import ChatTemplates
import InferenceTypes
import Jinja

/// The eight golden conversations built from typed `InferenceTypes` values, as the server would build them.
enum TypedConversations {
    static let getWeather = ToolDefinition(
        name: "get_weather", description: "Get the current weather for a city.",
        parameters: [
            "type": "object",
            "properties": [
                "city": ["type": "string", "description": "City name"],
                "unit": ["type": "string", "enum": ["celsius", "fahrenheit"]],
            ],
            "required": ["city"],
        ])

    static let add = ToolDefinition(
        name: "add", description: "Add two integers.",
        parameters: [
            "type": "object",
            "properties": ["a": ["type": "integer"], "b": ["type": "integer"]],
            "required": ["a", "b"],
        ])

    static let frozenNow = LocalDateTime(year: 2026, month: 1, day: 15, hour: 9, minute: 30)

    /// The input for a golden case id, or nil for an unknown id.
    static func input(_ id: String) -> ChatTemplateInput? {
        var messages: [ChatMessage] = []
        var tools: [ToolDefinition] = []
        var extras: [String: JSONValue] = [:]
        switch id {
        case "single_user":
            messages = [ChatMessage(role: .user, text: "What is 2+2?")]
        case "system_user":
            messages = [ChatMessage(role: .system, text: "You are terse."), ChatMessage(role: .user, text: "Name a prime number.")]
        case "multi_turn":
            messages = [
                ChatMessage(role: .user, text: "Hi!"), ChatMessage(role: .assistant, text: "Hello! How can I help?"),
                ChatMessage(role: .user, text: "Tell me a joke."),
            ]
        case "tools_offered":
            messages = [ChatMessage(role: .user, text: "What's the weather in Paris?")]
            tools = [getWeather, add]
        case "tool_roundtrip":
            messages = [
                ChatMessage(role: .user, text: "What's the weather in Paris?"),
                ChatMessage(
                    role: .assistant,
                    toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city": "Paris", "unit": "celsius"}"#)]),
                ChatMessage(
                    role: .tool, content: [.text(#"{"temp": 21, "sky": "clear"}"#)], toolCallID: "call_1", name: "get_weather"),
            ]
            tools = [getWeather]
        case "reasoning_history":
            messages = [
                ChatMessage(role: .user, text: "Is 17 prime?"),
                ChatMessage(
                    role: .assistant, content: [.text("Yes, 17 is prime.")],
                    reasoning: "17 has no divisors besides 1 and itself."),
                ChatMessage(role: .user, text: "And 21?"),
            ]
        case "thinking_off":
            messages = [ChatMessage(role: .user, text: "Quick: capital of Italy?")]
            extras = ["enable_thinking": false]
        case "unicode":
            messages = [ChatMessage(role: .user, text: "Traduis « bonjour » en 日本語 😀")]
        default:
            return nil
        }
        return ChatTemplateInput(
            messages: messages, tools: tools, addGenerationPrompt: true, bosToken: "<s>", eosToken: "</s>",
            extras: extras, now: { frozenNow })
    }
}
