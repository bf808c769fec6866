import Kernels

/// The gate activation of a gated feed-forward block.
enum FeedForwardActivation {
    /// SwiGLU: `silu(gate) ⊙ up`.
    case silu
    /// GeGLU with the tanh GELU: `gelu(gate) ⊙ up`.
    case gelu
}

extension ForwardPass {
    /// The gated feed-forward block of `layer`: `down(act(gate·x) ⊙ (up·x))`. Reads ``RunState/normed``, writes
    /// ``RunState/projected``; the three matmuls each take all rows at once.
    func feedForward(layer: Int, _ w: LayerWeights, activation: FeedForwardActivation) {
        let s = state
        let n = hp.embeddingLength
        let ff = hp.layers[layer].feedForwardLength
        matmuls(
            MatMulTarget(w.gate, output: s.gate, stride: ff), MatMulTarget(w.up, output: s.up, stride: ff),
            input: s.normed, stride: n)
        for r in 0..<rows {
            let g = s.gate + r * ff, u = s.up + r * ff
            switch activation {
            case .silu: ggmlSiLUMultiply(gate: g, up: u, count: ff, into: g)
            case .gelu where gelu == .exact: geluMultiply(gate: g, up: u, count: ff, into: g)
            case .gelu: ggmlGELUMultiply(gate: g, up: u, count: ff, into: g)
            }
        }
        matmul(w.down, s.gate, stride: ff, into: s.projected, stride: n)
    }
}
