public import InferenceTypes
public import Jinja

/// Maps typed messages and tools to the Hugging Face–style dicts real chat templates expect.
///
/// A message becomes `{"role", "tool_call_id"?, "name"?, "content", "reasoning_content"?, "tool_calls"?}`, with
/// optional keys present only when meaningful: templates test `'tool_calls' in message` and
/// `message.reasoning_content is defined`, so an empty list or a null would change the prompt.
public enum ChatTemplateContext {
    /// The template variables for an input: `messages`, `tools` (only when there are tools),
    /// `add_generation_prompt`, `bos_token`, `eos_token`, and the extras (which cannot override those).
    public static func variables(for input: ChatTemplateInput) -> [String: Value] {
        var variables: [String: Value] = [:]
        for (key, value) in input.extras { variables[key] = Value(value) }
        variables["messages"] = .array(input.messages.map(message))
        if !input.tools.isEmpty {
            variables["tools"] = .array(input.tools.map(tool))
        } else {
            variables["tools"] = nil
        }
        variables["add_generation_prompt"] = .bool(input.addGenerationPrompt)
        variables["bos_token"] = .string(input.bosToken)
        variables["eos_token"] = .string(input.eosToken)
        return variables
    }

    /// One message as a template dict.
    public static func message(_ message: ChatMessage) -> Value {
        var pairs: [(String, Value)] = [("role", .string(message.role.rawValue))]
        if let id = message.toolCallID { pairs.append(("tool_call_id", .string(id))) }
        if let name = message.name { pairs.append(("name", .string(name))) }
        pairs.append(("content", content(message.content)))
        if let reasoning = message.reasoning { pairs.append(("reasoning_content", .string(reasoning))) }
        if !message.toolCalls.isEmpty { pairs.append(("tool_calls", .array(message.toolCalls.map(toolCall)))) }
        return Value(pairs: pairs)
    }

    /// Content as one string when every part is text (the common case templates expect), otherwise as a list of
    /// `{"type": "text", "text"}` / `{"type": "image", "url"}` parts.
    public static func content(_ parts: [ContentPart]) -> Value {
        var text = ""
        for part in parts {
            guard case .text(let t) = part else {
                return .array(parts.map { part in
                    switch part {
                    case .text(let t): return ["type": "text", "text": .string(t)]
                    case .image(let url): return ["type": "image", "url": .string(url)]
                    }
                })
            }
            text += t
        }
        return .string(text)
    }

    /// `{"id", "type": "function", "function": {"name", "arguments"}}`, with the arguments parsed into an object
    /// when they are a JSON object (templates `tojson` them), else kept as the raw string.
    public static func toolCall(_ call: ToolCall) -> Value {
        var arguments = Value.string(call.arguments)
        if let parsed = call.parsedArguments, case .object = parsed { arguments = Value(parsed) }
        return [
            "id": .string(call.id),
            "type": "function",
            "function": ["name": .string(call.name), "arguments": arguments],
        ]
    }

    /// `{"type": "function", "function": {"name", "description"?, "parameters"}}`.
    public static func tool(_ tool: ToolDefinition) -> Value {
        var function: [(String, Value)] = [("name", .string(tool.name))]
        if let description = tool.description { function.append(("description", .string(description))) }
        function.append(("parameters", Value(tool.parameters)))
        return ["type": "function", "function": Value(pairs: function)]
    }
}
