import Kernels

/// `llama` (SmolLM2, Llama 2/3, Mistral-style files): pre-norm blocks, grouped-query attention with adjacent-pair
/// RoPE (the converter permutes Q/K rows for it), SwiGLU feed-forward. Q/K/V biases are optional.
///
/// Reference: llama.cpp `src/models/llama.cpp`.
enum Llama: Architecture {
    static let name = "llama"

    static func hyperParameters(
        _ reader: MetadataReader, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters {
        try .common(reader, ropeStyle: .adjacent, vocabularySize: vocabularySize)
    }

    static func bindLayer(
        _ layer: Int, _ hp: HyperParameters, _ binder: WeightBinder
    ) throws(TransformerError) -> LayerWeights {
        try .bind(layer: layer, hp, binder, biases: .optional, queryKeyNorms: .absent, postNorms: .absent)
    }

    static func forwardLayer(_ layer: Int, _ w: LayerWeights, _ pass: inout ForwardPass) {
        pass.preNormLayer(layer, w)
    }
}
