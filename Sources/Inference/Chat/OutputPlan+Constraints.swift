public import Constraints
public import InferenceTypes

extension OutputPlan {
    /// The constraint plan the engine enforces, or nil when nothing is constrained.
    ///
    /// Reasoning: `open`? · free text without `close`, at most `budget` tokens · `close` (at the budget only the
    /// closing tag can follow: budget forcing). A free answer after reasoning must start with a visible character
    /// (so every reasoning response has an answer after its trace). Tool calls are written exactly in the family's
    /// syntax with the name fixed to an offered tool and the arguments valid against that tool's schema.
    public func constraintPlan() -> ConstraintPlan? {
        if isUnconstrained { return nil }
        var parts: [ConstraintPlan] = []
        if let r = reasoning {
            if let open = r.open { parts.append(.literal(open)) }
            parts.append(.freeText(excluding: [r.close], maxTokens: r.budget))
            parts.append(.literal(r.close))
        }
        switch answer {
        case .free:
            if let r = reasoning {
                // Optional blank lines, then at least one visible character (not `<`), then text that never
                // repeats the closing tag.
                parts.append(.grammar(#"root ::= [ \n]* [^ \n\t\r<]"#))
                parts.append(.freeText(excluding: [r.close], maxTokens: nil))
            } else {
                parts.append(.anyText)
            }
        case .text(let excluding):
            // After a trace the answer must start with a visible character (never `<`, so no excluded opener can
            // begin across the boundary); the rest is free text without the excluded strings.
            if reasoning != nil { parts.append(.grammar(#"root ::= [ \n]* [^ \n\t\r<]"#)) }
            parts.append(.freeText(excluding: excluding, maxTokens: nil))
        case .toolCalls(let calls):
            parts.append(Self.calls(calls))
        case .textThenToolCalls(let calls):
            parts.append(.freeText(excluding: [calls.opener], maxTokens: nil))
            parts.append(.optional(Self.calls(calls)))
        case .format(let format):
            parts.append(Self.format(format))
        case .formatOrToolCalls(let format, let calls):
            parts.append(.choice([Self.format(format), Self.calls(calls)]))
        }
        return parts.count == 1 ? parts[0] : .sequence(parts)
    }

    /// A response format as a plan part.
    static func format(_ f: ResponseFormat) -> ConstraintPlan {
        switch f {
        case .text: return .anyText
        case .jsonObject: return .anyJSONObject
        case .jsonSchema(_, let schema, _): return .jsonSchema(schema)
        case .grammar(let text): return .grammar(text)
        }
    }

    /// One or more calls (at most `maxCalls`) in the family's syntax.
    static func calls(_ c: ToolCalls) -> ConstraintPlan {
        let extra = c.maxCalls.map { max(0, $0 - 1) }
        switch c.syntax {
        case .hermes:
            // <tool_call>\n{"name": "NAME", "arguments": ARGS}\n</tool_call>, several separated by a newline.
            let one = ConstraintPlan.sequence([
                .literal("<tool_call>\n{\"name\": \""), callBody(c.tools, key: "arguments"), .literal("}\n</tool_call>"),
            ])
            return .sequence([one, .repeated(.sequence([.literal("\n"), one]), min: 0, max: extra)])
        case .llama3JSON:
            // {"name": "NAME", "parameters": ARGS}, several separated by "; ".
            let one = ConstraintPlan.sequence([.literal("{\"name\": \""), callBody(c.tools, key: "parameters"), .literal("}")])
            return .sequence([one, .repeated(.sequence([.literal("; "), one]), min: 0, max: extra)])
        case .mistral:
            // [TOOL_CALLS][{"name": "NAME", "arguments": ARGS}, …]
            let one = ConstraintPlan.sequence([.literal("{\"name\": \""), callBody(c.tools, key: "arguments"), .literal("}")])
            return .sequence([
                .literal("[TOOL_CALLS]["), one, .repeated(.sequence([.literal(", "), one]), min: 0, max: extra),
                .literal("]"),
            ])
        }
    }

    /// `NAME", "KEY": ARGS` for one of the tools (the name's opening quote is written by the caller).
    static func callBody(_ tools: [ToolDefinition], key: String) -> ConstraintPlan {
        .choice(tools.map { tool in
            .sequence([.literal(jsonStringBody(tool.name) + "\", \"" + key + "\": "), .jsonSchema(tool.parameters)])
        })
    }

    /// `s` escaped for use inside a JSON string literal (without the quotes).
    static func jsonStringBody(_ s: String) -> String {
        let quoted = JSONValue.string(s).serialized()
        return String(quoted.dropFirst().dropLast())
    }
}
