import InferenceTypes

/// Decodes one Anthropic message into shared messages: a user turn's `tool_result` blocks become `.tool` messages
/// (in order, splitting the surrounding text), an assistant turn's `tool_use` blocks become tool calls and its
/// `thinking` blocks its reasoning.
enum AnthropicMessageDecoder {
    /// Decodes one message; every thinking block's text and signature is appended to `thinking` for verification.
    static func messages(_ value: JSONValue, path: String, thinking: inout [SignedThinking]) throws(JSONFieldError)
        -> [ChatMessage]
    {
        let f = try JSONFields(value, path: path)
        let roleName = try f.requiredString("role")
        let role: ChatRole
        switch roleName {
        case "user", "ctx", "msg": role = .user
        case "assistant": role = .assistant
        default: throw .invalid(f.path("role"), "must be `user` or `assistant`, got `\(roleName)`")
        }
        guard let content = f.value("content") else { throw .missing(f.path("content")) }
        switch content {
        case .string(let s):
            return [ChatMessage(role: role, text: s)]
        case .array(let blocks):
            var out: [ChatMessage] = []
            var current = ChatMessage(role: role)
            func flush() {
                if !current.content.isEmpty || !current.toolCalls.isEmpty || current.reasoning != nil { out.append(current) }
                current = ChatMessage(role: role)
            }
            for (i, b) in blocks.enumerated() {
                let block = try JSONFields(b, path: f.path("content", i))
                let type = try block.requiredString("type")
                switch type {
                case "text":
                    current.content.append(.text(try block.requiredString("text")))
                case "image":
                    if let url = try imageURL(block) { current.content.append(.image(url: url)) }
                case "tool_use" where role == .assistant:
                    let input = block.value("input") ?? [:]
                    current.toolCalls.append(
                        ToolCall(id: try block.requiredString("id"), name: try block.requiredString("name"), arguments: input.serialized())
                    )
                case "thinking" where role == .assistant:
                    let text = try block.string("thinking") ?? ""
                    thinking.append(SignedThinking(thinking: text, signature: try block.string("signature"), path: block.path))
                    current.reasoning = (current.reasoning ?? "") + text
                case "tool_result" where role == .user:
                    flush()
                    var result = ChatMessage(role: .tool, content: try toolResultContent(block))
                    result.toolCallID = try block.requiredString("tool_use_id")
                    out.append(result)
                default:
                    // redacted_thinking, document, server-tool blocks, …: not rendered for a text model.
                    continue
                }
            }
            flush()
            if out.isEmpty { out.append(ChatMessage(role: role)) }
            return out
        default:
            throw .wrongType(f.path("content"), expected: "string or array", got: content)
        }
    }

    static func imageURL(_ block: JSONFields) throws(JSONFieldError) -> String? {
        guard let source = try block.object("source") else { return nil }
        switch try source.string("type") {
        case "base64":
            let media = try source.string("media_type") ?? "image/png"
            return "data:\(media);base64,\(try source.requiredString("data"))"
        case "url":
            return try source.requiredString("url")
        default:
            return nil
        }
    }

    /// `tool_result.content`: a string or text/image blocks.
    static func toolResultContent(_ block: JSONFields) throws(JSONFieldError) -> [ContentPart] {
        guard let v = block.value("content") else { return [] }
        switch v {
        case .string(let s): return [.text(s)]
        case .array(let items):
            var parts: [ContentPart] = []
            for (i, item) in items.enumerated() {
                let b = try JSONFields(item, path: block.path("content", i))
                switch try b.requiredString("type") {
                case "text": parts.append(.text(try b.requiredString("text")))
                case "image": if let url = try imageURL(b) { parts.append(.image(url: url)) }
                default: continue
                }
            }
            return parts
        default:
            throw .wrongType(block.path("content"), expected: "string or array", got: v)
        }
    }
}
