public import InferenceTypes
import Jinja

/// Swiftlet's built-in Hermes-style tool prompt, for models whose own template renders no tools (SmolLM2).
///
/// It rewrites a conversation so that any template that only prints `role` and `content` shows the tools and the
/// tool traffic exactly as the built-in ChatML template does: the `# Tools` section (the same text as
/// `BuiltinChatTemplate`) is appended to the system message, assistant tool calls become
/// `<tool_call>\n{"name": …, "arguments": …}\n</tool_call>` text, and each run of tool results becomes one user turn
/// of `<tool_response>\n…\n</tool_response>` blocks.
public enum HermesToolPrompt {
    private static let sectionTemplate: Template? = try? Template(
        BuiltinChatTemplate.macros + "{{- tools_section(tools) -}}", options: .huggingFace)
    private static let callTemplate: Template? = try? Template(
        BuiltinChatTemplate.macros + "{{- tool_call_text(call) -}}", options: .huggingFace)

    /// The `# Tools` section for `tools` (each tool as `tojson` of `{"type": "function", "function": {…}}`).
    public static func toolsSection(_ tools: [ToolDefinition]) -> String {
        let variables: [String: Value] = ["tools": .array(tools.map(ChatTemplateContext.tool))]
        return (try? sectionTemplate?.render(variables)) ?? ""
    }

    /// One call as `<tool_call>\n{"name": "…", "arguments": …}\n</tool_call>`.
    public static func callText(_ call: ToolCall) -> String {
        let variables: [String: Value] = ["call": ChatTemplateContext.toolCall(call)]
        return (try? callTemplate?.render(variables)) ?? ""
    }

    /// The conversation with `additions` appended to the system message, separated by blank lines (a system
    /// message is created first when there is none).
    public static func appendingToSystem(_ messages: [ChatMessage], _ additions: [String]) -> [ChatMessage] {
        guard !additions.isEmpty else { return messages }
        var rest = messages[...]
        var system = ChatMessage(role: .system, text: "")
        if let first = rest.first, first.role == .system {
            system = first
            rest = rest.dropFirst()
        }
        let existing = system.text
        system.content = [.text(((existing.isEmpty ? [] : [existing]) + additions).joined(separator: "\n\n"))]
        return [system] + rest
    }

    /// The conversation with the tools section appended to the system message, tool calls written out as text
    /// and tool results as user turns.
    public static func rewrite(_ messages: [ChatMessage], tools: [ToolDefinition]) -> [ChatMessage] {
        let input = tools.isEmpty ? messages : appendingToSystem(messages, [toolsSection(tools)])
        var out: [ChatMessage] = []
        // True while the last turn in `out` is a user turn made of tool results, so the next result joins it.
        var inToolRun = false
        for message in input {
            switch message.role {
            case .assistant where !message.toolCalls.isEmpty:
                var m = message
                let calls = message.toolCalls.map(callText).joined(separator: "\n")
                let content = message.text
                m.content = [.text(content.isEmpty ? calls : content + "\n" + calls)]
                m.toolCalls = []
                out.append(m)
                inToolRun = false
            case .tool:
                let block = "<tool_response>\n" + message.text + "\n</tool_response>"
                if inToolRun, let last = out.last {
                    out[out.count - 1].content = [.text(last.text + "\n" + block)]
                } else {
                    out.append(ChatMessage(role: .user, text: block))
                }
                inToolRun = true
            default:
                out.append(message)
                inToolRun = false
            }
        }
        return out
    }
}
