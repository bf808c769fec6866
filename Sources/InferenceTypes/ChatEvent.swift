/// What one choice of a chat response produces, in order. Streaming encoders turn these into chunks or events;
/// the non-streaming response is the fold of the same events, so the two cannot disagree.
public enum ChatEvent: Sendable, Hashable {
    /// Thinking text.
    case reasoningDelta(String)
    /// Answer text.
    case contentDelta(String)
    /// A tool call begins (`index` counts calls in this choice from 0; `id` is never empty).
    case toolCallStart(index: Int, id: String, name: String)
    /// More argument JSON for call `index`; the fragments join to the full arguments.
    case toolCallArguments(index: Int, delta: String)
    /// Call `index` is complete.
    case toolCallEnd(index: Int)
    /// Log-probabilities of the tokens behind the deltas emitted since the previous `logprobs` event.
    case logprobs([TokenLogprob])
    /// The choice is complete.
    case finished(FinishReason)
}

/// An item of a chat response stream: prompt facts first, then events per choice, then the total usage.
public enum ChatStreamItem: Sendable, Hashable {
    /// Sent once before any choice event: what the prompt cost.
    case started(promptTokens: Int, cachedPromptTokens: Int)
    /// An event of choice `index`.
    case choice(index: Int, ChatEvent)
    /// Sent last, after every choice finished.
    case usage(Usage)
}
