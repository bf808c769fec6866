import Kernels

/// `qwen2` (Qwen2, Qwen2.5): as llama, but with Q/K/V biases added after the projections and half-split (NEOX) RoPE.
///
/// Reference: llama.cpp `src/models/qwen2.cpp`.
enum Qwen2: Architecture {
    static let name = "qwen2"

    static func hyperParameters(
        _ reader: MetadataReader, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters {
        try .common(reader, ropeStyle: .halfSplit, vocabularySize: vocabularySize)
    }

    static func bindLayer(
        _ layer: Int, _ hp: HyperParameters, _ binder: WeightBinder
    ) throws(TransformerError) -> LayerWeights {
        try .bind(layer: layer, hp, binder, biases: .required, queryKeyNorms: .absent, postNorms: .absent)
    }

    static func forwardLayer(_ layer: Int, _ w: LayerWeights, _ pass: inout ForwardPass) {
        pass.preNormLayer(layer, w)
    }
}
