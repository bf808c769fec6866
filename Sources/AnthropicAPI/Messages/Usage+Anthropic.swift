public import InferenceTypes

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
