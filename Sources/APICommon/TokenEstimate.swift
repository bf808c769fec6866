public import InferenceTypes

/// Token counts estimated from text, for replies of an upstream server that reports no usage and for the prompt
/// size of a request to one (before any upstream has seen it): about four bytes of UTF-8 per token, the usual ratio
/// of BPE vocabularies on English text and code, rounded up.
public enum TokenEstimate {
    /// The estimated tokens of `bytes` bytes of text.
    public static func tokens(bytes: Int) -> Int { bytes <= 0 ? 0 : (bytes + 3) / 4 }

    /// The estimated tokens of `text`.
    public static func tokens(_ text: String) -> Int { tokens(bytes: text.utf8.count) }

    /// The estimated prompt of a chat request: its messages' text, reasoning, tool calls and images (a fixed 256
    /// each), about four tokens of chat-template framing per message, and its tool definitions.
    public static func prompt(_ chat: ChatRequest) -> Int {
        var total = 0
        for m in chat.messages {
            total += 4
            for part in m.content {
                switch part {
                case .text(let t): total += tokens(t)
                case .image: total += 256
                }
            }
            total += tokens(m.reasoning ?? "")
            for call in m.toolCalls { total += tokens(call.name) + tokens(call.arguments) + 4 }
        }
        for tool in chat.tools {
            total += tokens(tool.name) + tokens(tool.description ?? "") + tokens(tool.parameters.serialized()) + 4
        }
        return max(1, total)
    }
}
