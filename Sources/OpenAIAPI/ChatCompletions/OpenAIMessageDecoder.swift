import InferenceTypes

/// Decodes one OpenAI chat message (every role and content shape the Chat Completions API accepts).
enum OpenAIMessageDecoder {
    static func message(_ value: JSONValue, path: String) throws(JSONFieldError) -> ChatMessage {
        let f = try JSONFields(value, path: path)
        let roleName = try f.requiredString("role")
        let role: ChatRole
        switch roleName {
        case "system", "developer": role = .system
        case "user": role = .user
        case "assistant": role = .assistant
        case "tool", "function": role = .tool
        default:
            throw .invalid(
                f.path("role"),
                "must be one of `system`, `developer`, `user`, `assistant`, `tool`, `function`, got `\(roleName)`"
            )
        }
        var message = ChatMessage(role: role)
        message.name = try f.string("name")
        message.content = try content(f, role: role)
        if role == .tool {
            message.toolCallID = try f.string("tool_call_id")
        }
        if role == .assistant {
            let reasoningContent = try f.string("reasoning_content")
            let reasoning = try f.string("reasoning")
            message.reasoning = reasoningContent ?? reasoning
            message.toolCalls = try toolCalls(f)
            if message.toolCalls.isEmpty, let call = try f.object("function_call") {
                // Legacy single function call.
                message.toolCalls = [
                    ToolCall(
                        id: "call_0", name: try call.requiredString("name"),
                        arguments: try arguments(call, key: "arguments")
                    )
                ]
            }
        }
        return message
    }

    /// `content`: a string, an array of parts, or null/absent (assistant turns with tool calls).
    static func content(_ f: JSONFields, role: ChatRole) throws(JSONFieldError) -> [ContentPart] {
        guard let v = f.value("content") else {
            if role == .user { throw .missing(f.path("content")) }
            return []
        }
        switch v {
        case .string(let s): return [.text(s)]
        case .array(let items):
            var parts: [ContentPart] = []
            for (i, item) in items.enumerated() {
                if let part = try self.part(item, path: f.path("content", i)) { parts.append(part) }
            }
            return parts
        default:
            throw .wrongType(f.path("content"), expected: "string or array", got: v)
        }
    }

    /// One content part; parts Swiftlet's text models cannot use (audio, files) are dropped.
    static func part(_ value: JSONValue, path: String) throws(JSONFieldError) -> ContentPart? {
        if case .string(let s) = value { return .text(s) }
        let p = try JSONFields(value, path: path)
        let type = try p.requiredString("type")
        switch type {
        case "text", "input_text", "output_text": return .text(try p.requiredString("text"))
        case "refusal": return .text(try p.requiredString("refusal"))
        case "image_url":
            guard let image = p.value("image_url") else { throw .missing(p.path("image_url")) }
            if case .string(let url) = image { return .image(url: url) }
            return .image(url: try JSONFields(image, path: p.path("image_url")).requiredString("url"))
        default:
            return nil
        }
    }

    static func toolCalls(_ f: JSONFields) throws(JSONFieldError) -> [ToolCall] {
        guard let items = try f.array("tool_calls") else { return [] }
        var calls: [ToolCall] = []
        for (i, item) in items.enumerated() {
            let c = try JSONFields(item, path: f.path("tool_calls", i))
            guard let fn = try c.object("function") else { throw .missing(c.path("function")) }
            let id = try c.string("id") ?? "call_\(i)"
            calls.append(ToolCall(id: id, name: try fn.requiredString("name"), arguments: try arguments(fn, key: "arguments")))
        }
        return calls
    }

    /// Tool-call arguments: a JSON string, or (from sloppy clients) an object, which is serialised.
    static func arguments(_ f: JSONFields, key: String) throws(JSONFieldError) -> String {
        guard let v = f.value(key) else { return "{}" }
        switch v {
        case .string(let s): return s
        case .object: return v.serialized()
        default: throw .wrongType(f.path(key), expected: "string", got: v)
        }
    }
}
