public import Kernels

/// The blueprint of a model, read from GGUF metadata (`{arch}.…` keys) with llama.cpp's defaults.
///
/// Values that can differ between layers (Gemma 3's sliding-window layers and their RoPE base) live in ``layers``.
public struct HyperParameters: Sendable, Equatable {
    /// `general.architecture` (`llama`, `qwen2`, `qwen3`, `gemma3`).
    public var architecture: String
    /// Number of transformer blocks.
    public var layerCount: Int
    /// The training context length (`{arch}.context_length`).
    public var contextLength: Int
    /// Width of the residual stream (`n_embd`).
    public var embeddingLength: Int
    /// Query heads.
    public var headCount: Int
    /// Key/value heads (grouped-query attention); defaults to ``headCount``.
    public var kvHeadCount: Int
    /// Elements per key (and query) head; defaults to `n_embd / n_head` (Qwen3 and Gemma 3 differ).
    public var keyLength: Int
    /// Elements per value head; defaults to `n_embd / n_head`.
    public var valueLength: Int
    /// RMSNorm epsilon.
    public var rmsEpsilon: Float
    /// Rotated dimensions of each head (`n_rot`); defaults to ``keyLength``.
    public var ropeDimensionCount: Int
    /// How RoPE pairs dimensions: adjacent pairs for llama, half split for qwen2/qwen3/gemma3.
    public var ropeStyle: RoPEStyle
    /// Rows of the token embedding (the vocabulary size).
    public var vocabularySize: Int
    /// Multiplier applied to token embeddings (Gemma: `sqrt(n_embd)` in f32; 1 otherwise).
    public var embeddingScale: Float
    /// Multiplier applied to queries before attention (Gemma 3: `1/sqrt(head_dim)`; 1 otherwise).
    public var queryScale: Float
    /// Scale of `q·k` inside attention (`1/sqrt(head_dim)`; 1 for Gemma 3, which scales queries instead).
    public var attentionScale: Float
    /// Sliding-window length of local layers, 0 when the model has none.
    public var slidingWindow: Int
    /// `tanh` soft-capping of the final logits (`c·tanh(x/c)`), 0 for none.
    public var finalLogitSoftcap: Float
    /// Per-layer values, `layerCount` entries.
    public var layers: [LayerParameters]

    /// Query width, `headCount × keyLength`.
    public var queryWidth: Int { headCount * keyLength }
    /// Key width of one position, `kvHeadCount × keyLength`.
    public var keyWidth: Int { kvHeadCount * keyLength }
    /// Value width of one position, `kvHeadCount × valueLength`.
    public var valueWidth: Int { kvHeadCount * valueLength }
    /// Attention output width (the input of `attn_output`), `headCount × valueLength`.
    public var attentionOutputWidth: Int { headCount * valueLength }
    /// Widest feed-forward layer.
    public var maxFeedForwardLength: Int { layers.map(\.feedForwardLength).max() ?? 0 }
}

/// Hyperparameters that may differ from layer to layer.
public struct LayerParameters: Sendable, Equatable {
    /// Hidden width of the feed-forward block.
    public var feedForwardLength: Int
    /// Whether the layer attends only to the last ``HyperParameters/slidingWindow`` positions.
    public var usesSlidingWindow: Bool
    /// RoPE θ base of this layer.
    public var ropeFreqBase: Float
    /// RoPE position scale of this layer (`1/factor` for linear scaling).
    public var ropeFreqScale: Float
}

extension HyperParameters {
    /// The values every supported architecture reads the same way: required counts, then the
    /// optional keys with llama.cpp's defaults. Architectures adjust the result (RoPE style, Gemma's windows).
    static func common(
        _ reader: MetadataReader, ropeStyle: RoPEStyle, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters {
        let layerCount = try reader.count("block_count")
        let embedding = try reader.count("embedding_length")
        let heads = try reader.count("attention.head_count")
        let kvHeads = try reader.count("attention.head_count_kv", default: heads)
        guard heads % kvHeads == 0 else {
            throw .invalidMetadata(
                key: reader.key("attention.head_count_kv"), value: "\(kvHeads)",
                reason: "must divide the \(heads) query heads")
        }
        let defaultHead = embedding / heads
        let keyLength = try reader.count("attention.key_length", default: defaultHead)
        let valueLength = try reader.count("attention.value_length", default: defaultHead)
        let ropeDimensions = try reader.count("rope.dimension_count", default: keyLength)
        guard ropeDimensions <= keyLength, ropeDimensions % 2 == 0 else {
            throw .invalidMetadata(
                key: reader.key("rope.dimension_count"), value: "\(ropeDimensions)",
                reason: "must be even and at most the head length \(keyLength)")
        }
        let feedForward = try reader.perLayerCount("feed_forward_length", layers: layerCount)
        let ropeBase = try reader.float("rope.freq_base", default: 10_000)
        let ropeScale = try Self.ropeFreqScale(reader)
        let layers = feedForward.map {
            LayerParameters(feedForwardLength: $0, usesSlidingWindow: false, ropeFreqBase: ropeBase, ropeFreqScale: ropeScale)
        }
        return HyperParameters(
            architecture: reader.architecture,
            layerCount: layerCount,
            contextLength: try reader.count("context_length"),
            embeddingLength: embedding,
            headCount: heads,
            kvHeadCount: kvHeads,
            keyLength: keyLength,
            valueLength: valueLength,
            rmsEpsilon: try reader.float("attention.layer_norm_rms_epsilon"),
            ropeDimensionCount: ropeDimensions,
            ropeStyle: ropeStyle,
            vocabularySize: vocabularySize,
            embeddingScale: 1,
            queryScale: 1,
            attentionScale: 1 / Float(keyLength).squareRoot(),
            slidingWindow: 0,
            finalLogitSoftcap: 0,
            layers: layers)
    }

    /// `1/factor` from `rope.scaling.factor` (or the older `rope.scale_linear`), as llama.cpp reads it; linear
    /// scaling only. YaRN and other methods are refused rather than run wrongly.
    private static func ropeFreqScale(_ reader: MetadataReader) throws(TransformerError) -> Float {
        let type = reader.string("rope.scaling.type") ?? "linear"
        if type == "none" { return 1 }
        guard type == "linear" else { throw .unsupportedRopeScaling(type: type) }
        var factor = try reader.float("rope.scaling.factor", default: 0)
        if factor == 0 { factor = try reader.float("rope.scale_linear", default: 0) }
        return factor == 0 ? 1 : 1 / factor
    }
}
