/// A snapshot of an engine's load, published by its thread after every step (what `/metrics` reports).
public struct EngineStatistics: Sendable, Hashable {
    /// Sequences queued for a slot.
    public var waiting = 0
    /// Sequences holding a slot (prefilling or decoding).
    public var running = 0
    /// KV-cache slots in all.
    public var slots = 0
    /// Token positions held in the KV cache over every slot (running sequences and cached prompts).
    public var cachedTokens = 0
    /// Bytes of KV cache one token position takes in one slot (0 when the model does not say).
    public var kvBytesPerToken = 0
    /// Admissions that reused a cached prompt prefix.
    public var promptCacheHits = 0
    /// Prompt tokens those admissions did not have to prefill.
    public var promptCacheReusedTokens = 0

    public init() {}

    /// KV-cache bytes in use: the positions held times their size.
    public var kvBytesInUse: Int { cachedTokens * kvBytesPerToken }
}
