public import InferenceTypes

/// A request that passed preparation: the prompt is rendered and tokenized, every check that can be made up front
/// was made, and the most it can cost is known. Nothing is queued until ``start(meter:)``.
///
/// The server uses the gap between the two stages for what inference must not know about: rate limits and credit
/// reservations are taken against ``promptTokens`` and ``maxGeneratedTokens`` before a slot is used.
public struct PendingGeneration: Sendable {
    /// The prompt's length in tokens (billed once, whatever `n` is).
    public let promptTokens: Int
    /// The most tokens the request can generate, over all its choices, reasoning included.
    public let maxGeneratedTokens: Int
    /// The generation runs on another server (an upstream): the HTTP response should wait for the stream's first
    /// item, so a failure to get an answer there (every URL down, a timeout) is still an HTTP error status rather
    /// than an error event in a stream that already said 200. A local generation starts its response at once (its
    /// keep-alives cover queueing and prefill).
    public let respondsAfterFirstItem: Bool
    private let launch: @Sendable (UsageMeter?) throws(InferenceError) -> ChatStream

    /// A pending request; `launch` submits it, reporting what it generates to the meter it is given.
    public init(
        promptTokens: Int, maxGeneratedTokens: Int, respondsAfterFirstItem: Bool = false,
        launch: @escaping @Sendable (UsageMeter?) throws(InferenceError) -> ChatStream
    ) {
        self.promptTokens = promptTokens
        self.maxGeneratedTokens = maxGeneratedTokens
        self.respondsAfterFirstItem = respondsAfterFirstItem
        self.launch = launch
    }

    /// Queues the request and returns its stream. A full queue is thrown here, before any stream exists. `meter`, when
    /// given, follows the usage as tokens are generated, so a stream cut short (the client went away) can still be
    /// billed for what it generated.
    public func start(meter: UsageMeter? = nil) throws(InferenceError) -> ChatStream {
        try launch(meter)
    }
}
