public import InferenceTypes

/// Builds the non-streaming `message` body from a folded `ChatResult`: a thinking block, a text block and the
/// tool_use blocks, in that order, each only when non-empty. The message object and its blocks come from the same
/// functions the stream encoder uses for `message_start` and `content_block_start`.
public enum MessagesResponse {
    /// The message body for choice 0 of `result`; thinking blocks are signed with `signer`, tool-call ids get
    /// Anthropic's `toolu_` prefix.
    /// With `pricing`, the usage carries the cost in ticks.
    public static func json(
        _ result: ChatResult, id: String, model: String, signer: ThinkingSigner, pricing: TokenPricing? = nil
    ) -> JSONValue {
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
            usage: result.usage.anthropicJSON(pricing: pricing))
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
