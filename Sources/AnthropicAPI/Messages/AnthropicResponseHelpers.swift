public import InferenceTypes

extension FinishReason {
    /// The Anthropic `stop_reason` string.
    public var anthropicStopReason: String {
        switch self {
        case .stop: return "end_turn"
        case .stopSequence: return "stop_sequence"
        case .length: return "max_tokens"
        case .contextLength: return "model_context_window_exceeded"
        case .toolCalls: return "tool_use"
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
            ("input_tokens", anthropicInputTokens), ("output_tokens", anthropicOutputTokens),
            ("cache_creation_input_tokens", 0), ("cache_read_input_tokens", .int(Int64(cachedPromptTokens))),
        ]
        if full {
            fields.append(("cache_creation", .makeObject([("ephemeral_5m_input_tokens", 0), ("ephemeral_1h_input_tokens", 0)])))
            fields.append(("service_tier", "standard"))
        }
        return .makeObject(fields)
    }

    /// `message_delta.usage`: cumulative, output first, and repeating the input counts, as newer API versions do.
    var anthropicDeltaJSON: JSONValue {
        .makeObject([
            ("output_tokens", anthropicOutputTokens), ("input_tokens", anthropicInputTokens),
            ("cache_creation_input_tokens", 0), ("cache_read_input_tokens", .int(Int64(cachedPromptTokens))),
        ])
    }

    private var anthropicInputTokens: JSONValue { .int(Int64(max(0, promptTokens - cachedPromptTokens))) }
    private var anthropicOutputTokens: JSONValue { .int(Int64(completionTokens + reasoningTokens)) }
}

/// Builds the non-streaming `message` body from a folded `ChatResult`: a thinking block, a text block and the
/// tool_use blocks, in that order, each only when non-empty. The message object and its blocks come from the same
/// functions the stream encoder uses for `message_start` and `content_block_start`.
public enum MessagesResponse {
    /// The message body for choice 0 of `result`; thinking blocks are signed with `signer`, tool-call ids get
    /// Anthropic's `toolu_` prefix.
    public static func json(_ result: ChatResult, id: String, model: String, signer: ThinkingSigner) -> JSONValue {
        let choice = result.choices.first ?? ChoiceResult()
        var content: [JSONValue] = []
        if !choice.reasoning.isEmpty {
            content.append(thinkingBlock(choice.reasoning, signature: signer.signature(for: choice.reasoning)))
        }
        if !choice.content.isEmpty { content.append(textBlock(choice.content)) }
        for call in choice.toolCalls {
            content.append(toolUseBlock(id: call.id, name: call.name, input: toolInput(call.arguments)))
        }
        return message(id: id, model: model, content: content, stopReason: choice.finishReason ?? .stop,
            usage: result.usage.anthropicJSON())
    }

    /// A `message` object; `stopReason` nil writes the nulls of `message_start`.
    static func message(id: String, model: String, content: [JSONValue], stopReason: FinishReason?, usage: JSONValue)
        -> JSONValue
    {
        .makeObject([
            ("id", .string(id)), ("type", "message"), ("role", "assistant"), ("model", .string(model)),
            ("content", .array(content)),
            ("stop_reason", stopReason.map { .string($0.anthropicStopReason) } ?? .null),
            ("stop_sequence", stopReason?.anthropicStopSequence ?? .null),
            ("usage", usage),
        ])
    }

    /// A thinking block (empty text and signature when it opens a stream block).
    static func thinkingBlock(_ thinking: String, signature: String) -> JSONValue {
        .makeObject([("type", "thinking"), ("thinking", .string(thinking)), ("signature", .string(signature))])
    }

    /// A text block.
    static func textBlock(_ text: String) -> JSONValue {
        .makeObject([("type", "text"), ("text", .string(text))])
    }

    /// A tool_use block; `id` is the inference call id (`call_…`), given Anthropic's `toolu_` prefix here.
    static func toolUseBlock(id: String, name: String, input: JSONValue) -> JSONValue {
        .makeObject([("type", "tool_use"), ("id", .string(ToolUseID.anthropic(id))), ("name", .string(name)), ("input", input)])
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
