import InferenceTypes

/// Decodes the Responses API's `tools` (function tools in the flat shape `{type, name, description, parameters,
/// strict}`), `tool_choice` (`none`, `auto`, `required` or `{type: "function", name}`), `parallel_tool_calls` and
/// `text.format` (`text`, `json_object`, or `json_schema` with its flat `name`, `schema`, `strict`).
enum ResponsesToolDecoder {
    static func decodeTools(_ f: JSONFields, into chat: inout ChatRequest) throws(JSONFieldError) {
        for (i, item) in (try f.array("tools") ?? []).enumerated() {
            let t = try JSONFields(item, path: f.path("tools", i))
            let type = try t.requiredString("type")
            guard type == "function" else {
                throw .invalid(t.path("type"), "only `function` tools are supported, got `\(type)`")
            }
            // The chat-completions shape (`function: {…}`) is accepted too.
            chat.tools.append(try OpenAIToolDecoder.function(try t.object("function") ?? t))
        }
        chat.toolChoice = chat.tools.isEmpty ? .none : .auto
        if let choice = f.value("tool_choice") {
            chat.toolChoice = try toolChoice(choice, path: f.path("tool_choice"), tools: chat.tools)
        }
        if let parallel = try f.bool("parallel_tool_calls") { chat.parallelToolCalls = parallel }
    }

    static func toolChoice(_ value: JSONValue, path: String, tools: [ToolDefinition]) throws(JSONFieldError) -> ToolChoice {
        guard case .object = value else { return try OpenAIToolDecoder.toolChoice(value, path: path, tools: tools) }
        let o = try JSONFields(value, path: path)
        let type = try o.requiredString("type")
        guard type == "function" else {
            throw .invalid(o.path("type"), "only `function` tool choices are supported, got `\(type)`")
        }
        var name = try o.string("name")
        if name == nil, let fn = try o.object("function") { name = try fn.requiredString("name") }
        guard let name else { throw .missing(o.path("name")) }
        guard tools.contains(where: { $0.name == name }) else {
            throw .invalid(path, "names the function `\(name)`, which is not among `tools`")
        }
        return .function(name)
    }

    /// `text.format`.
    static func responseFormat(_ f: JSONFields) throws(JSONFieldError) -> ResponseFormat {
        guard let text = try f.object("text"), let format = try text.object("format") else { return .text }
        let type = try format.requiredString("type")
        switch type {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            let name = try format.requiredString("name")
            guard let schema = format.value("schema") else { throw .missing(format.path("schema")) }
            guard case .object = schema else { throw .wrongType(format.path("schema"), expected: "object", got: schema) }
            return .jsonSchema(name: name, schema: schema, strict: try format.bool("strict") ?? false)
        default:
            throw .invalid(format.path("type"), "must be one of `text`, `json_object`, `json_schema`, got `\(type)`")
        }
    }
}
