public import InferenceTypes

extension Usage {
    /// Usage as an Anthropic-compatible upstream reports it: the prompt is `input_tokens` plus the cache reads and
    /// writes (Anthropic counts them apart), cache reads are the cached part; `output_tokens` includes thinking, which
    /// Anthropic does not count apart, so all of it is counted as completion here.
    public init(anthropicUpstream u: JSONValue) {
        func count(_ key: String) -> Int { Int(clamping: max(0, u[key]?.intValue ?? 0)) }
        let cached = count("cache_read_input_tokens")
        self.init(promptTokens: count("input_tokens") + cached + count("cache_creation_input_tokens"),
            cachedPromptTokens: cached, completionTokens: count("output_tokens"))
    }
}

extension FinishReason {
    /// The finish reason for an upstream's `stop_reason` (and `stop_sequence`); `refusal`, `pause_turn` and unknown
    /// values end the turn normally.
    public init(anthropicUpstream reason: String, stopSequence: String?) {
        switch reason {
        case "max_tokens": self = .length
        case "model_context_window_exceeded": self = .contextLength
        case "tool_use": self = .toolCalls
        case "stop_sequence": self = .stopSequence(stopSequence ?? "")
        default: self = .stop
        }
    }
}
