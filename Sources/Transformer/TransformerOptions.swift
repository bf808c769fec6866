/// How a ``TransformerModel`` sizes its KV cache, run buffers and threads.
public struct TransformerOptions: Sendable, Hashable {
    /// Positions each slot can hold; `nil` uses the model's training context. Must not exceed it.
    public var contextLength: Int?
    /// Sequence slots (sequences that can be in flight at once).
    public var slotCount: Int
    /// Most tokens one forward pass may carry, over all entries (the physical batch, llama.cpp's `n_ubatch`).
    public var maxBatchTokens: Int
    /// Element type of the KV cache.
    public var kvCacheType: KVCacheType
    /// Whether sliding-window layers (Gemma 3's local layers) keep only a ring of the window plus one batch of
    /// positions instead of the whole context. Results are identical; only memory differs. Truncating a slot far
    /// back is refused once the ring has moved past what the shorter sequence needs.
    public var slidingWindowRing: Bool
    /// Threads for matmuls and attention, the caller included; `nil` uses every core.
    public var threadCount: Int?

    /// Options with the defaults: the model's context, one slot, 64-token batches, f16 cache, rings on, all cores.
    public init(
        contextLength: Int? = nil, slotCount: Int = 1, maxBatchTokens: Int = 64, kvCacheType: KVCacheType = .f16,
        slidingWindowRing: Bool = true, threadCount: Int? = nil
    ) {
        self.contextLength = contextLength
        self.slotCount = slotCount
        self.maxBatchTokens = maxBatchTokens
        self.kvCacheType = kvCacheType
        self.slidingWindowRing = slidingWindowRing
        self.threadCount = threadCount
    }
}
