public import InferenceTypes

extension Usage {
    /// Anthropic usage: `input_tokens` excludes cache reads; `output_tokens` includes thinking. With prices, the
    /// full form adds `cost_in_usd_ticks` (1e-10 USD, the same number the OpenAI routes and the ledger report).
    public func anthropicJSON(full: Bool = true, pricing: TokenPricing? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("input_tokens", anthropicInputTokens), ("output_tokens", anthropicOutputTokens),
            ("cache_creation_input_tokens", 0), ("cache_read_input_tokens", .int(Int64(cachedPromptTokens))),
        ]
        if full {
            fields.append(("cache_creation", .makeObject([("ephemeral_5m_input_tokens", 0), ("ephemeral_1h_input_tokens", 0)])))
            fields.append(("service_tier", "standard"))
            if let pricing { fields.append(("cost_in_usd_ticks", .int(pricing.cost(of: self)))) }
        }
        return .makeObject(fields)
    }

    /// `message_delta.usage`: cumulative, output first, and repeating the input counts, as newer API versions do;
    /// with prices, the response's cost so far.
    func anthropicDeltaJSON(pricing: TokenPricing?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("output_tokens", anthropicOutputTokens), ("input_tokens", anthropicInputTokens),
            ("cache_creation_input_tokens", 0), ("cache_read_input_tokens", .int(Int64(cachedPromptTokens))),
        ]
        if let pricing { fields.append(("cost_in_usd_ticks", .int(pricing.cost(of: self)))) }
        return .makeObject(fields)
    }

    private var anthropicInputTokens: JSONValue { .int(Int64(max(0, promptTokens - cachedPromptTokens))) }
    private var anthropicOutputTokens: JSONValue { .int(Int64(completionTokens + reasoningTokens)) }
}
