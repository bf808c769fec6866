public import ChatTemplates
import InferenceTypes

/// How a model thinks and calls tools, chosen once per loaded model from its chat template (DESIGN.md: model-family
/// knowledge lives in one value, not scattered across layers).
///
/// Detection reads the template source and renders small probe conversations through the template itself, so it
/// works for any template rather than a list of known model names:
/// - **Native reasoning**: the source mentions `<think>` (Qwen3, QwQ, DeepSeek-R1 distills, SmolLM3). If the rendered
///   generation prompt already ends with `<think>`, the output starts inside the reasoning.
/// - **Thinking switch**: the source reads `enable_thinking`; Swiftlet then passes it as a template variable.
/// - **Tool-call syntax**: `[TOOL_CALLS]` → Mistral, `<tool_call>` → Hermes/Qwen, `<|python_tag|>` or an `ipython`
///   role → Llama 3 JSON; anything else → Hermes (Swiftlet's built-in tool prompt uses it).
/// - **Template renders tools**: a probe tool, a probe assistant tool call and a probe tool result all appear in the
///   rendered text. Otherwise Swiftlet rewrites the conversation into its built-in Hermes-style tool prompt.
///
/// Both catalog models (SmolLM2: ChatML without tools; Gemma 3: no template, so the built-in Gemma one) have no
/// native reasoning: they get Swiftlet's thinking prompt (`ThinkingPrompt`).
public struct ModelFamily: Sendable, Hashable {
    /// The tool-call syntax a model writes.
    public enum ToolCallSyntax: String, Sendable, Hashable, CaseIterable {
        /// `<tool_call>\n{"name": …, "arguments": {…}}\n</tool_call>` (Hermes, Qwen 2.5/3, Swiftlet's built-in prompt).
        case hermes
        /// `{"name": …, "parameters": {…}}`, possibly after `<|python_tag|>` (Llama 3.x).
        case llama3JSON
        /// `[TOOL_CALLS][{"name": …, "arguments": {…}}]` (Mistral).
        case mistral
    }

    /// The tags reasoning is written between.
    public struct ThinkTags: Sendable, Hashable {
        public var open: String
        public var close: String

        /// `<think>` / `</think>`.
        public static let think = ThinkTags(open: "<think>", close: "</think>")

        public init(open: String, close: String) {
            self.open = open
            self.close = close
        }
    }

    /// The model's own reasoning tags; nil = no native reasoning (Swiftlet's thinking prompt is used when asked).
    public var nativeThinkTags: ThinkTags?
    /// The template's generation prompt already opens the think tag (output starts inside the reasoning).
    public var templateOpensThinkTag: Bool
    /// The template reads `enable_thinking`.
    public var hasThinkingSwitch: Bool
    /// How the model writes tool calls.
    public var toolCallSyntax: ToolCallSyntax
    /// The template renders `tools`, assistant `tool_calls` and `tool` results itself.
    public var templateRendersTools: Bool

    /// A family from explicit facts (tests, or callers that know better than detection).
    public init(
        nativeThinkTags: ThinkTags? = nil, templateOpensThinkTag: Bool = false, hasThinkingSwitch: Bool = false,
        toolCallSyntax: ToolCallSyntax = .hermes, templateRendersTools: Bool = false
    ) {
        self.nativeThinkTags = nativeThinkTags
        self.templateOpensThinkTag = templateOpensThinkTag
        self.hasThinkingSwitch = hasThinkingSwitch
        self.toolCallSyntax = toolCallSyntax
        self.templateRendersTools = templateRendersTools
    }

    /// Detects the family of a model from its chat template and that template's source text.
    public static func detect(template: ChatTemplate, source: String) -> ModelFamily {
        var family = ModelFamily()
        family.hasThinkingSwitch = source.contains("enable_thinking")
        if source.contains("<think>") {
            family.nativeThinkTags = .think
            var extras: [String: JSONValue] = [:]
            if family.hasThinkingSwitch { extras["enable_thinking"] = true }
            let probe = ChatTemplateInput(messages: [ChatMessage(role: .user, text: "Hi")], extras: extras)
            if let text = try? template.render(probe) {
                family.templateOpensThinkTag = text.trimmingTrailingWhitespace().hasSuffix("<think>")
            }
        }
        if source.contains("[TOOL_CALLS]") {
            family.toolCallSyntax = .mistral
        } else if source.contains("<tool_call>") {
            family.toolCallSyntax = .hermes
        } else if source.contains("<|python_tag|>") || source.contains("ipython") {
            family.toolCallSyntax = .llama3JSON
        }
        family.templateRendersTools = rendersTools(template)
        return family
    }

    /// Whether a probe tool, a probe call and a probe result all survive rendering.
    static func rendersTools(_ template: ChatTemplate) -> Bool {
        let tool = ToolDefinition(name: "swiftlet_probe_tool", description: "probe",
            parameters: ["type": "object", "properties": ["x": ["type": "string"]]])
        let messages = [
            ChatMessage(role: .user, text: "Hi"),
            ChatMessage(role: .assistant, toolCalls: [
                ToolCall(id: "call_probe", name: "swiftlet_probe_call", arguments: #"{"x": "y"}"#)
            ]),
            ChatMessage(role: .tool, content: [.text("swiftlet_probe_result")], toolCallID: "call_probe",
                name: "swiftlet_probe_call"),
        ]
        guard let text = try? template.render(ChatTemplateInput(messages: messages, tools: [tool])) else { return false }
        return text.contains("swiftlet_probe_tool") && text.contains("swiftlet_probe_call")
            && text.contains("swiftlet_probe_result")
    }
}

extension String {
    /// The string without trailing spaces and newlines.
    func trimmingTrailingWhitespace() -> Substring {
        var end = endIndex
        while end > startIndex, let c = self[index(before: end)].unicodeScalars.first,
            c == " " || c == "\n" || c == "\t" || c == "\r"
        {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
