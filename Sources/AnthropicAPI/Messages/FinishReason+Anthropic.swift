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
