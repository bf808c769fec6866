import InferenceTypes

/// Decodes `tools`, `tool_choice`, `parallel_tool_calls` and the legacy `functions` / `function_call`.
enum OpenAIToolDecoder {
    static func decodeTools(_ f: JSONFields, into chat: inout ChatRequest) throws(JSONFieldError) {
        if let items = try f.array("tools") {
            for (i, item) in items.enumerated() {
                let t = try JSONFields(item, path: f.path("tools", i))
                let type = try t.string("type") ?? "function"
                guard type == "function" else {
                    throw .invalid(t.path("type"), "only `function` tools are supported, got `\(type)`")
                }
                guard let fn = try t.object("function") else { throw .missing(t.path("function")) }
                chat.tools.append(try function(fn))
            }
        } else if let items = try f.array("functions") {
            for (i, item) in items.enumerated() {
                chat.tools.append(try function(try JSONFields(item, path: f.path("functions", i))))
            }
        }
        chat.toolChoice = chat.tools.isEmpty ? .none : .auto
        if let choice = f.value("tool_choice") {
            chat.toolChoice = try toolChoice(choice, path: f.path("tool_choice"), tools: chat.tools)
        } else if let choice = f.value("function_call") {
            chat.toolChoice = try toolChoice(choice, path: f.path("function_call"), tools: chat.tools)
        }
        if let parallel = try f.bool("parallel_tool_calls") { chat.parallelToolCalls = parallel }
    }

    static func function(_ fn: JSONFields) throws(JSONFieldError) -> ToolDefinition {
        let name = try fn.requiredString("name")
        guard !name.isEmpty else { throw .invalid(fn.path("name"), "must not be empty") }
        var parameters: JSONValue = ["type": "object", "properties": [:]]
        if let p = fn.value("parameters") {
            guard case .object = p else { throw .wrongType(fn.path("parameters"), expected: "object", got: p) }
            parameters = p
        }
        return ToolDefinition(
            name: name, description: try fn.string("description"), parameters: parameters,
            strict: try fn.bool("strict") ?? false
        )
    }

    static func toolChoice(_ value: JSONValue, path: String, tools: [ToolDefinition]) throws(JSONFieldError) -> ToolChoice {
        switch value {
        case .string(let s):
            switch s {
            case "none": return .none
            case "auto": return .auto
            case "required": return .required
            default: throw .invalid(path, "must be `none`, `auto`, `required` or an object naming a function, got `\(s)`")
            }
        case .object:
            let o = try JSONFields(value, path: path)
            // `{type:"function", function:{name}}`, or the legacy `function_call: {name}`.
            let name: String
            if let fn = try o.object("function") {
                name = try fn.requiredString("name")
            } else {
                name = try o.requiredString("name")
            }
            guard tools.contains(where: { $0.name == name }) else {
                throw .invalid(path, "names the function `\(name)`, which is not among `tools`")
            }
            return .function(name)
        default:
            throw .wrongType(path, expected: "string or object", got: value)
        }
    }
}
