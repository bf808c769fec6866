import InferenceTypes

/// Decodes Anthropic `tools` and `tool_choice`.
enum AnthropicToolDecoder {
    static func decodeTools(_ f: JSONFields, into chat: inout ChatRequest) throws(JSONFieldError) {
        if let items = try f.array("tools") {
            for (i, item) in items.enumerated() {
                let t = try JSONFields(item, path: f.path("tools", i))
                // Server tools (`web_search_20250305`, `bash_20250124`, …) run on Anthropic's side; skip them.
                if let type = try t.string("type"), type != "custom" { continue }
                let name = try t.requiredString("name")
                var schema: JSONValue = ["type": "object", "properties": [:]]
                if let s = t.value("input_schema") {
                    guard case .object(var pairs) = s else { throw .wrongType(t.path("input_schema"), expected: "object", got: s) }
                    if !pairs.contains(where: { $0.key == "type" }) { pairs.insert((key: "type", value: "object"), at: 0) }
                    schema = .object(pairs)
                }
                chat.tools.append(
                    ToolDefinition(name: name, description: try t.string("description"), parameters: schema, strict: try t.bool("strict") ?? false)
                )
            }
        }
        chat.toolChoice = chat.tools.isEmpty ? .none : .auto
        guard let choice = try f.object("tool_choice") else { return }
        let type = try choice.requiredString("type")
        switch type {
        case "auto": chat.toolChoice = chat.tools.isEmpty ? .none : .auto
        case "any": chat.toolChoice = .required
        case "none": chat.toolChoice = .none
        case "tool":
            let name = try choice.requiredString("name")
            guard chat.tools.contains(where: { $0.name == name }) else {
                throw .invalid(choice.path("name"), "names the tool `\(name)`, which is not among `tools`")
            }
            chat.toolChoice = .function(name)
        default:
            throw .invalid(choice.path("type"), "must be `auto`, `any`, `tool` or `none`, got `\(type)`")
        }
        if try choice.bool("disable_parallel_tool_use") == true { chat.parallelToolCalls = false }
    }
}
