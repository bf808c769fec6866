public import ChatTemplates
import InferenceTypes
public import OutputParsing

/// How a model thinks and calls tools, chosen once per loaded model from its chat template (model-family knowledge
/// lives in one value, not scattered across layers).
///
/// Detection reads the template source and renders small probe conversations through the template itself, so it
/// works for any template rather than a list of known model names:
/// - **Native reasoning**: the source mentions `<think>` (Qwen3, QwQ, DeepSeek-R1 distills, SmolLM3). If the rendered
///   generation prompt already ends with `<think>`, the output starts inside the reasoning.
/// - **Thinking switch**: the source reads `enable_thinking`; Swiftlet then passes it as a template variable.
/// - **Tool-call syntax**: the first `ToolCallFormat` whose template markers appear in the source (`[TOOL_CALLS]` →
///   Mistral, `<tool_call>` → Hermes/Qwen, `<|python_tag|>` or an `ipython` role → Llama 3 JSON); anything else →
///   Hermes (Swiftlet's built-in tool prompt uses it). The formats themselves are described in OutputParsing.
/// - **Template renders tools**: a probe tool, a probe assistant tool call and a probe tool result all appear in the
///   rendered text. Otherwise Swiftlet rewrites the conversation into its built-in Hermes-style tool prompt.
///
/// Both catalog models (SmolLM2: ChatML without tools; Gemma 3: no template, so the built-in Gemma one) have no
/// native reasoning: they get Swiftlet's thinking prompt (`ThinkingPrompt`).
public struct ModelFamily: Sendable, Hashable {
    /// The model's own reasoning tags; nil = no native reasoning (Swiftlet's thinking prompt is used when asked).
    public var nativeThinkTags: ReasoningTags?
    /// The template's generation prompt already opens the think tag (output starts inside the reasoning).
    public var templateOpensThinkTag: Bool
    /// The template reads `enable_thinking`.
    public var hasThinkingSwitch: Bool
    /// How the model writes tool calls.
    public var toolCallSyntax: ToolCallFormat
    /// The template renders `tools`, assistant `tool_calls` and `tool` results itself.
    public var templateRendersTools: Bool

    /// A family from explicit facts (tests, or callers that know better than detection).
    public init(
        nativeThinkTags: ReasoningTags? = nil, templateOpensThinkTag: Bool = false, hasThinkingSwitch: Bool = false,
        toolCallSyntax: ToolCallFormat = .hermes, templateRendersTools: Bool = false
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
        let think = ReasoningTags.think()
        if source.contains(think.open) {
            family.nativeThinkTags = think
            var extras: [String: JSONValue] = [:]
            if family.hasThinkingSwitch { extras["enable_thinking"] = true }
            let probe = ChatTemplateInput(messages: [ChatMessage(role: .user, text: "Hi")], extras: extras)
            if let text = try? template.render(probe) {
                family.templateOpensThinkTag = text.trimmingTrailingWhitespace().hasSuffix(think.open)
            }
        }
        family.toolCallSyntax = ToolCallFormat.detect(templateSource: source) ?? .hermes
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
