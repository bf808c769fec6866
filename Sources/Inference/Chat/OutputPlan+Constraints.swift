public import Constraints
import InferenceTypes
import OutputParsing

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
            if !r.tags.startsInside { parts.append(.literal(r.tags.open)) }
            parts.append(.freeText(excluding: [r.tags.close], maxTokens: r.budget))
            parts.append(.literal(r.tags.close))
        }
        switch answer {
        case .free:
            if let r = reasoning {
                // Optional blank lines, then at least one visible character (not `<`), then text that never
                // repeats the closing tag (a blank line that closed a paragraph trace may come again).
                parts.append(.grammar(#"root ::= [ \n]* [^ \n\t\r<]"#))
                parts.append(.freeText(excluding: r.tags.closesAtBlankLine ? [] : [r.tags.close], maxTokens: nil))
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

    /// One or more calls (at most `maxCalls`) in the format's written layout (`ToolCallFormat.Layout`).
    static func calls(_ c: ToolCalls) -> ConstraintPlan {
        let extra = c.maxCalls.map { max(0, $0 - 1) }
        let layout = c.syntax.layout
        let one = ConstraintPlan.sequence([
            .literal(layout.callOpen),
            .choice(c.tools.map { tool in
                .sequence([
                    .literal(jsonStringBody(tool.name) + "\", \"" + layout.argumentsKey + "\": "),
                    .jsonSchema(tool.parameters),
                ])
            }),
            .literal(layout.callClose),
        ])
        var parts: [ConstraintPlan] = []
        if !layout.listOpen.isEmpty { parts.append(.literal(layout.listOpen)) }
        parts.append(one)
        parts.append(.repeated(.sequence([.literal(layout.separator), one]), min: 0, max: extra))
        if !layout.listClose.isEmpty { parts.append(.literal(layout.listClose)) }
        return .sequence(parts)
    }

    /// `s` escaped for use inside a JSON string literal (without the quotes).
    static func jsonStringBody(_ s: String) -> String {
        let quoted = JSONValue.string(s).serialized()
        return String(quoted.dropFirst().dropLast())
    }
}
