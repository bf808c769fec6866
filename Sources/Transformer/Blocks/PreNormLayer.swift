extension ForwardPass {
    /// The pre-norm decoder layer shared by llama, qwen2 and qwen3:
    /// `h = x + Wo·Attn(RMSNorm_attn(x))`, then `out = h + FFN(RMSNorm_ffn(h))` with a SwiGLU feed-forward.
    /// What differs between those architectures (RoPE pairing, biases, q/k norms) is in their hyperparameters and
    /// weights, which `attention` reads.
    mutating func preNormLayer(_ layer: Int, _ w: LayerWeights) {
        let s = state
        norm(s.residual, w.attentionNorm, into: s.normed)
        attention(layer: layer, w)
        keepOutputRows(after: layer)
        addToResidual(s.projected)
        norm(s.residual, w.feedForwardNorm, into: s.normed)
        feedForward(layer: layer, w, activation: .silu)
        addToResidual(s.projected)
    }
}
