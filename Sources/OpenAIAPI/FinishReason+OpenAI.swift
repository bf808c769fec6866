public import InferenceTypes

extension FinishReason {
    /// The OpenAI `finish_reason` string.
    public var openAIValue: String {
        switch self {
        case .stop, .stopSequence: return "stop"
        case .length, .contextLength: return "length"
        case .toolCalls: return "tool_calls"
        }
    }
}
