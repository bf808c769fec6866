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
    /// How GeGLU models (Gemma 3) evaluate GELU. The default is llama.cpp's f16 table, which parity with llama.cpp
    /// needs; `.exact` computes the tanh formula in f32 (no f16 rounding of the input).
    public var gelu: GELUEvaluation
    /// Most rows a feed-forward block computes at once (its `[rows, n_ff]` gate and up buffers); longer batches run it
    /// in chunks with the same results (see `FeedForwardChunks`). Rounded up to a multiple of 4, at least 16.
    public var feedForwardChunkRows: Int
    /// Whether attention runs its plain reference: one query head per work item and one libm `expf` call per key.
    /// Off (the default), an f16 cache takes the fast path (``ForwardPass/attendHeads(_:layer:row:firstHead:)``):
    /// heads that share a KV head attended together, exponentials 8 keys at a time. The results are bit-identical
    /// either way; on is for tests and diagnosis.
    public var referenceAttention: Bool

    /// Options with the defaults: the model's context, one slot, 64-token batches, f16 cache, rings on, all cores,
    /// feed-forward chunks of 128 rows.
    public init(
        contextLength: Int? = nil, slotCount: Int = 1, maxBatchTokens: Int = 64, kvCacheType: KVCacheType = .f16,
        slidingWindowRing: Bool = true, threadCount: Int? = nil, gelu: GELUEvaluation = .f16Table,
        feedForwardChunkRows: Int = 128, referenceAttention: Bool = false
    ) {
        self.feedForwardChunkRows = feedForwardChunkRows
        self.referenceAttention = referenceAttention
        self.contextLength = contextLength
        self.slotCount = slotCount
        self.maxBatchTokens = maxBatchTokens
        self.kvCacheType = kvCacheType
        self.slidingWindowRing = slidingWindowRing
        self.threadCount = threadCount
        self.gelu = gelu
    }
}

/// How the GELU of a GeGLU feed-forward block is evaluated.
public enum GELUEvaluation: Sendable, Hashable {
    /// As ggml built with `GGML_GELU_FP16` (llama.cpp's CPU default): the input is rounded to f16 and the result
    /// read from a 65,536-entry table of f16 values.
    case f16Table
    /// `x/2·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` in f32.
    case exact
}
