public import InferenceTypes

/// The stream of a chat or completion response.
public typealias ChatStream = AsyncThrowingStream<ChatStreamItem, any Error>

/// What the HTTP server needs from inference: served models, chat and text completion as event streams, token counts.
///
/// Errors that can be known before generation starts (unknown model, invalid field, prompt too long, queue full) are
/// thrown by the `async throws` call itself, before any stream exists, so the server can still answer with an HTTP
/// status. Errors after that arrive through the stream. Dropping the stream (a client that disconnects) cancels the
/// generation and frees its resources.
public protocol InferenceService: Sendable {
    /// The served models with their aliases.
    func models() -> [ModelDescriptor]

    /// Prepares a chat completion (template, tokenizer, checks) without queueing it.
    func prepareChat(_ request: ChatRequest) async throws(InferenceError) -> PendingGeneration

    /// Prepares a raw text completion (no chat template; its events are content deltas) without queueing it.
    func prepareCompletion(_ request: CompletionRequest) async throws(InferenceError) -> PendingGeneration

    /// The number of prompt tokens `request` would use (same template and tokenizer as `chat`).
    func countTokens(_ request: ChatRequest) async throws(InferenceError) -> Int

    /// Tokenizes plain text with a model's tokenizer (no special-token parsing).
    func tokenize(_ text: String, model: String) async throws(InferenceError) -> [TokenPiece]

    /// Each served model's load (queue, slots, KV cache, prompt-cache hits), by model id; empty when the service
    /// runs no engine of its own.
    func statistics() -> [String: EngineStatistics]
}

extension InferenceService {
    /// No engine of its own: nothing to report.
    public func statistics() -> [String: EngineStatistics] { [:] }

    /// Prepares and starts a chat completion, unmetered.
    public func chat(_ request: ChatRequest) async throws(InferenceError) -> ChatStream {
        try await prepareChat(request).start()
    }

    /// Prepares and starts a raw text completion, unmetered.
    public func complete(_ request: CompletionRequest) async throws(InferenceError) -> ChatStream {
        try await prepareCompletion(request).start()
    }
}
