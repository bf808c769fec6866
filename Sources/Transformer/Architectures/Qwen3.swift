import Kernels

/// `qwen3`: no biases; per-head RMSNorm of Q and K (`attn_q_norm`, `attn_k_norm`, one weight of `head_k` values
/// shared by all heads) after the projections and before RoPE; half-split (NEOX) RoPE; the head length
/// (`attention.key_length`, 128 for the released models) is independent of `n_embd / n_head`.
///
/// Reference: llama.cpp `src/models/qwen3.cpp`.
enum Qwen3: Architecture {
    static let name = "qwen3"

    static func hyperParameters(
        _ reader: MetadataReader, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters {
        try .common(reader, ropeStyle: .halfSplit, vocabularySize: vocabularySize)
    }

    static func bindLayer(
        _ layer: Int, _ hp: HyperParameters, _ binder: WeightBinder
    ) throws(TransformerError) -> LayerWeights {
        try .bind(layer: layer, hp, binder, biases: .absent, queryKeyNorms: .required, postNorms: .absent)
    }

    static func forwardLayer(_ layer: Int, _ w: LayerWeights, _ pass: inout ForwardPass) {
        pass.preNormLayer(layer, w)
    }
}
