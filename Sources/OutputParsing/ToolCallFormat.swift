/// The syntax a model family writes tool calls in: the one description of each format that the rest of Swiftlet
/// reads. `ModelFamily` picks a format from a chat template's text (`templateMarkers`), constrained decoding writes
/// calls in the format's `layout`, `tool_choice: none` masks its `opener`, and ``OutputParser`` reads it back.
///
/// Adding a format: a case here with its opener, markers and layout, a parser step file (`OutputParser+Name.swift`,
/// its modes in ``OutputParser``), and its place in `detectionOrder`.
public enum ToolCallFormat: String, Sendable, Hashable, CaseIterable {
    /// Hermes / Qwen: `<tool_call>{"name": …, "arguments": {…}}</tool_call>`, several allowed, text around them.
    case hermes
    /// Llama 3.x: `{"name": …, "parameters": {…}}` at the start of the answer or after `<|python_tag|>`;
    /// several calls separated by `;`.
    case llama3JSON
    /// Mistral: `[TOOL_CALLS][{"name": …, "arguments": {…}}, …]`, and the v11+ form
    /// `[TOOL_CALLS]name[ARGS]{…}` (repeated for several calls).
    case mistral

    /// How one or more calls are written when Swiftlet writes them itself (constrained decoding): `listOpen`, then
    /// each call as `callOpen` NAME `"` `, "argumentsKey": ` ARGUMENTS `callClose`, calls joined by `separator`,
    /// then `listClose`. NAME and ARGUMENTS are JSON (the name without its opening quote, which `callOpen` ends with).
    public struct Layout: Sendable, Hashable {
        public var listOpen: String
        public var callOpen: String
        public var argumentsKey: String
        public var callClose: String
        public var separator: String
        public var listClose: String
    }

    /// The text that opens a call (what free text may not contain when calls are masked or come after it).
    public var opener: String {
        switch self {
        case .hermes: return "<tool_call>"
        case .llama3JSON: return "{\"name\""
        case .mistral: return "[TOOL_CALLS]"
        }
    }

    /// The canonical written form.
    public var layout: Layout {
        switch self {
        case .hermes:
            return Layout(listOpen: "", callOpen: opener + "\n{\"name\": \"", argumentsKey: "arguments",
                callClose: "}\n</tool_call>", separator: "\n", listClose: "")
        case .llama3JSON:
            return Layout(listOpen: "", callOpen: "{\"name\": \"", argumentsKey: "parameters", callClose: "}",
                separator: "; ", listClose: "")
        case .mistral:
            return Layout(listOpen: opener + "[", callOpen: "{\"name\": \"", argumentsKey: "arguments",
                callClose: "}", separator: ", ", listClose: "]")
        }
    }

    /// Text whose presence in a chat template's source shows the family writes calls in this format.
    public var templateMarkers: [String] {
        switch self {
        case .hermes: return [opener]
        case .llama3JSON: return ["<|python_tag|>", "ipython"]
        case .mistral: return [opener]
        }
    }

    /// The order formats are tried in by `detect` (the most specific markers first).
    public static let detectionOrder: [ToolCallFormat] = [.mistral, .hermes, .llama3JSON]

    /// The format a chat template's source text shows, or nil when none of the markers appear.
    public static func detect(templateSource source: String) -> ToolCallFormat? {
        detectionOrder.first { $0.templateMarkers.contains(where: source.contains) }
    }

    // Byte spellings the parser matches.
    static let hermesClose = Array("</tool_call>".utf8)
    static let pythonTag = Array("<|python_tag|>".utf8)
    static let mistralArgs = Array("[ARGS]".utf8)
    static let mistralCallID = Array("[CALL_ID]".utf8)
}
