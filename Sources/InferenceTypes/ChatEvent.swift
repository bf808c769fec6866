/// Why generation of a choice ended.
public enum FinishReason: Sendable, Hashable {
    /// The model ended its turn.
    case stop
    /// A client stop string matched (the string is not part of the output).
    case stopSequence(String)
    /// The token cap was reached.
    case length
    /// The context window is full.
    case contextLength
    /// The model called tools.
    case toolCalls
}

/// Token accounting for one response (all choices together).
public struct Usage: Sendable, Hashable {
    /// Prompt tokens, including cached ones.
    public var promptTokens: Int = 0
    /// Prompt tokens served from the prefix cache.
    public var cachedPromptTokens: Int = 0
    /// Visible output tokens (answer and tool calls), excluding reasoning.
    public var completionTokens: Int = 0
    /// Thinking tokens.
    public var reasoningTokens: Int = 0

    public init(promptTokens: Int = 0, cachedPromptTokens: Int = 0, completionTokens: Int = 0, reasoningTokens: Int = 0) {
        self.promptTokens = promptTokens
        self.cachedPromptTokens = cachedPromptTokens
        self.completionTokens = completionTokens
        self.reasoningTokens = reasoningTokens
    }

    /// Every token processed or produced.
    public var totalTokens: Int { promptTokens + completionTokens + reasoningTokens }
}

/// One alternative token with its log-probability.
public struct TokenAlternative: Sendable, Hashable {
    public var token: String
    public var bytes: [UInt8]
    public var logprob: Double

    public init(token: String, bytes: [UInt8], logprob: Double) {
        self.token = token
        self.bytes = bytes
        self.logprob = logprob
    }
}

/// The log-probability of a generated token and its top alternatives.
public struct TokenLogprob: Sendable, Hashable {
    public var token: String
    public var bytes: [UInt8]
    public var logprob: Double
    public var top: [TokenAlternative]

    public init(token: String, bytes: [UInt8], logprob: Double, top: [TokenAlternative] = []) {
        self.token = token
        self.bytes = bytes
        self.logprob = logprob
        self.top = top
    }
}

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
