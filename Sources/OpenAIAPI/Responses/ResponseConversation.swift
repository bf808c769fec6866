public import InferenceTypes

/// Turns a Responses API conversation (instructions and items) into chat messages, the one translation every
/// Responses request goes through, so templates, tools and the prompt cache see what a chat completion would.
///
/// - `instructions` become the first system message;
/// - `developer` messages are system messages;
/// - an assistant turn is one message: a `reasoning` item, the assistant's text and the `function_call` items that
///   follow it are joined (as a chat completion's `reasoning_content`, `content` and `tool_calls`);
/// - a `function_call_output` is a tool message answering its `call_id`, named after the call it answers.
public enum ResponseConversation {
    /// The chat messages for `instructions` followed by `items`.
    public static func messages(instructions: String?, items: [ResponseInputItem]) -> [ChatMessage] {
        var messages: [ChatMessage] = []
        if let instructions, !instructions.isEmpty { messages.append(ChatMessage(role: .system, text: instructions)) }
        var pendingReasoning: String?
        var callNames: [String: String] = [:]
        /// The assistant message the next assistant content joins: the last message, when it is the assistant's
        /// and nothing answered its calls yet.
        func openAssistant() -> Int? {
            guard let last = messages.indices.last, messages[last].role == .assistant else { return nil }
            return last
        }
        func newAssistant() -> Int {
            messages.append(ChatMessage(role: .assistant, reasoning: pendingReasoning))
            pendingReasoning = nil
            return messages.count - 1
        }
        for item in items {
            switch item {
            case .message(_, let role, let content):
                switch role {
                case "assistant":
                    // Text after tool calls of the same turn starts a new message; text after text joins it.
                    if let i = openAssistant(), messages[i].toolCalls.isEmpty, pendingReasoning == nil {
                        messages[i].content += content
                    } else {
                        let i = newAssistant()
                        messages[i].content = content
                    }
                case "user":
                    messages.append(ChatMessage(role: .user, content: content))
                default:
                    messages.append(ChatMessage(role: .system, content: content))
                }
            case .functionCall(_, let callID, let name, let arguments):
                callNames[callID] = name
                let call = ToolCall(id: callID, name: name, arguments: arguments)
                if let i = openAssistant(), pendingReasoning == nil {
                    messages[i].toolCalls.append(call)
                } else {
                    let i = newAssistant()
                    messages[i].toolCalls = [call]
                }
            case .functionCallOutput(_, let callID, let output):
                messages.append(
                    ChatMessage(role: .tool, content: [.text(output)], toolCallID: callID, name: callNames[callID]))
            case .reasoning(_, let text):
                // A reasoning item without summary text (encrypted elsewhere, or empty) carries nothing to replay.
                if !text.isEmpty { pendingReasoning = (pendingReasoning ?? "") + text }
            }
        }
        // Reasoning with nothing after it (a turn cut short) is dropped: an empty assistant turn would end the prompt.
        return messages
    }
}
