public import InferenceTypes

extension FinishReason {
    /// The Anthropic `stop_reason` string (API.md §5).
    public var anthropicStopReason: String {
        switch self {
        case .stop: return "end_turn"
        case .stopSequence: return "stop_sequence"
        case .length: return "max_tokens"
        case .contextLength: return "model_context_window_exceeded"
        case .toolCalls: return "tool_use"
        case .contentFilter: return "refusal"
        }
    }

    /// The matched stop sequence, for `stop_sequence`.
    public var anthropicStopSequence: JSONValue {
        if case .stopSequence(let s) = self { return .string(s) }
        return .null
    }
}

extension Usage {
    /// Anthropic usage: `input_tokens` excludes cache reads; `output_tokens` includes thinking.
    public func anthropicJSON(full: Bool = true) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("input_tokens", .int(Int64(max(0, promptTokens - cachedPromptTokens)))),
            ("output_tokens", .int(Int64(completionTokens + reasoningTokens))),
            ("cache_creation_input_tokens", 0),
            ("cache_read_input_tokens", .int(Int64(cachedPromptTokens))),
        ]
        if full {
            fields.append(("cache_creation", .makeObject([("ephemeral_5m_input_tokens", 0), ("ephemeral_1h_input_tokens", 0)])))
            fields.append(("service_tier", "standard"))
        }
        return .makeObject(fields)
    }
}

/// Builds the non-streaming `message` body from a folded `ChatResult` (API.md §4.3): a thinking block, a text
/// block and the tool_use blocks, in that order, each only when non-empty.
public enum MessagesResponse {
    /// The message body for choice 0 of `result`; thinking blocks are signed with `signer`, tool-call ids get
    /// Anthropic's `toolu_` prefix.
    public static func json(_ result: ChatResult, id: String, model: String, signer: ThinkingSigner) -> JSONValue {
        let choice = result.choices.first ?? ChoiceResult()
        var content: [JSONValue] = []
        if !choice.reasoning.isEmpty {
            content.append(
                .makeObject([
                    ("type", "thinking"), ("thinking", .string(choice.reasoning)),
                    ("signature", .string(signer.signature(for: choice.reasoning))),
                ]))
        }
        if !choice.content.isEmpty {
            content.append(.makeObject([("type", "text"), ("text", .string(choice.content))]))
        }
        for call in choice.toolCalls {
            content.append(
                .makeObject([
                    ("type", "tool_use"), ("id", .string(ToolUseID.anthropic(call.id))), ("name", .string(call.name)),
                    ("input", toolInput(call.arguments)),
                ]))
        }
        let reason = choice.finishReason ?? .stop
        return .makeObject([
            ("id", .string(id)), ("type", "message"), ("role", "assistant"), ("model", .string(model)),
            ("content", .array(content)),
            ("stop_reason", .string(reason.anthropicStopReason)),
            ("stop_sequence", reason.anthropicStopSequence),
            ("usage", result.usage.anthropicJSON()),
        ])
    }

    /// Tool arguments as an object; text that is not a JSON object is wrapped so the block stays valid.
    static func toolInput(_ arguments: String) -> JSONValue {
        if arguments.isEmpty { return [:] }
        if let v = try? JSONValue.parse(arguments), case .object = v { return v }
        return .makeObject([("_raw", .string(arguments))])
    }

    /// The `count_tokens` body.
    public static func countTokensJSON(_ inputTokens: Int) -> JSONValue {
        .makeObject([("input_tokens", .int(Int64(inputTokens)))])
    }
}
