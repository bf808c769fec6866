public import InferenceTypes

extension Usage {
    /// The OpenAI/xAI `usage` object: cached tokens in `prompt_tokens_details`, reasoning tokens in
    /// `completion_tokens_details`, and xAI's `num_sources_used` and `cost_in_usd_ticks` (1 USD = 1e10 ticks).
    public func openAIJSON(_ options: OpenAIResponseOptions) -> JSONValue {
        let completion = options.reasoningInCompletionTokens ? completionTokens + reasoningTokens : completionTokens
        let ticks = options.pricing?.cost(of: self) ?? 0
        return .makeObject([
            ("prompt_tokens", .int(Int64(promptTokens))),
            ("completion_tokens", .int(Int64(completion))),
            ("total_tokens", .int(Int64(totalTokens))),
            (
                "prompt_tokens_details",
                .makeObject([
                    ("text_tokens", .int(Int64(promptTokens))), ("audio_tokens", 0), ("image_tokens", 0),
                    ("cached_tokens", .int(Int64(cachedPromptTokens))),
                ])
            ),
            (
                "completion_tokens_details",
                .makeObject([
                    ("reasoning_tokens", .int(Int64(reasoningTokens))), ("audio_tokens", 0),
                    ("accepted_prediction_tokens", 0), ("rejected_prediction_tokens", 0),
                ])
            ),
            ("num_sources_used", 0),
            ("cost_in_usd_ticks", .int(ticks)),
        ])
    }
}
