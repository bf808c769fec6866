import GGUF
import Kernels

/// `gemma3` (Gemma 3 text models): token embeddings × `sqrt(n_embd)`; per-head Q/K RMSNorm before RoPE; queries
/// scaled by `1/sqrt(head_k)` with attention scale 1; RMSNorm of the attention and feed-forward outputs before each
/// residual add; GeGLU (GELU-tanh) feed-forward; half-split RoPE. Five of every six layers (`il % 6 < 5`) attend to a
/// sliding window (`attention.sliding_window`, 512 in the 270M file) with RoPE base 10000; the sixth is global and
/// uses `rope.freq_base`. Norm weights are stored as `1 + w` by the converter and used as they are.
///
/// Reference: llama.cpp `src/models/gemma3.cpp`, `llama_model::load_hparams` (`LLM_ARCH_GEMMA3`).
enum Gemma3: Architecture {
    static let name = "gemma3"

    /// RoPE base of the sliding-window layers (llama.cpp's `rope_freq_base_train_swa` for Gemma 3).
    static let localRopeBase: Float = 10_000
    /// Default layer pattern: one global layer in every six.
    static let defaultWindowPattern = 6

    static func hyperParameters(
        _ reader: MetadataReader, vocabularySize: Int
    ) throws(TransformerError) -> HyperParameters {
        var hp = try HyperParameters.common(reader, ropeStyle: .halfSplit, vocabularySize: vocabularySize)
        hp.embeddingScale = Float(hp.embeddingLength).squareRoot()
        // llama.cpp: 1/sqrt(n_embd/n_head) for the 27B model (62 layers), 1/sqrt(head_k) otherwise.
        let queryScaleLength = hp.layerCount == 62 ? hp.embeddingLength / hp.headCount : hp.keyLength
        hp.queryScale = 1 / Float(queryScaleLength).squareRoot()
        hp.attentionScale = 1
        let window = reader.metadata.int(reader.key("attention.sliding_window")) ?? 0
        if window > 0 {
            let pattern = try reader.count("attention.sliding_window_pattern", default: defaultWindowPattern)
            hp.slidingWindow = window
            for il in 0..<hp.layerCount where il % pattern < pattern - 1 {
                hp.layers[il].usesSlidingWindow = true
                hp.layers[il].ropeFreqBase = localRopeBase
                hp.layers[il].ropeFreqScale = 1
            }
        } else {
            hp.finalLogitSoftcap = try reader.float("final_logit_softcapping", default: 0)
        }
        return hp
    }

    static func bindLayer(
        _ layer: Int, _ hp: HyperParameters, _ binder: WeightBinder
    ) throws(TransformerError) -> LayerWeights {
        try .bind(layer: layer, hp, binder, biases: .absent, queryKeyNorms: .required, postNorms: .required)
    }

    static func forwardLayer(_ layer: Int, _ w: LayerWeights, _ pass: inout ForwardPass) {
        let s = pass.state
        pass.norm(s.residual, w.attentionNorm, into: s.normed)
        pass.attention(layer: layer, w)
        pass.keepOutputRows(after: layer)
        if let post = w.postAttentionNorm { pass.norm(s.projected, post, into: s.projected) }
        pass.addToResidual(s.projected)
        pass.norm(s.residual, w.feedForwardNorm, into: s.normed)
        pass.feedForward(layer: layer, w, activation: .gelu)
        if let post = w.postFeedForwardNorm { pass.norm(s.projected, post, into: s.projected) }
        pass.addToResidual(s.projected)
    }
}
