import GGUF
import Kernels

/// The model's parameters, bound by name (llama.cpp naming). Matrices stay in their GGUF block
/// format inside the file mapping; nothing is copied except the occasional non-f32 vector.
///
/// - Important: Immutable after loading; shared by every sequence. Views point into `file`'s mapping, which this
///   object keeps alive.
final class Weights: @unchecked Sendable {
    /// Keeps the mapping alive.
    let file: GGUFFile
    /// `token_embd.weight`: `[vocab rows, n_embd]`; one row per token.
    let tokenEmbedding: WeightMatrix
    /// `output_norm.weight`: `[n_embd]`.
    let outputNorm: FloatVector
    /// `output.weight` (`[vocab rows, n_embd]`), or the token embedding when the file ties them.
    let output: WeightMatrix
    /// Whether ``output`` is the token embedding (the file has no `output.weight`).
    let outputIsTied: Bool
    /// One entry per block.
    let layers: [LayerWeights]
    /// Dequantized vectors owned by this object.
    private let owned: [UnsafeMutablePointer<Float>]

    /// Binds every tensor of an architecture; `bindLayer` names and checks each block's tensors.
    init(
        file: GGUFFile, hyperParameters hp: HyperParameters,
        bindLayer: (Int, WeightBinder) throws(TransformerError) -> LayerWeights
    ) throws(TransformerError) {
        let binder = WeightBinder(file: file)
        self.file = file
        tokenEmbedding = try binder.matrix("token_embd.weight", columns: hp.embeddingLength, rows: hp.vocabularySize)
        outputNorm = try binder.vector("output_norm.weight", count: hp.embeddingLength)
        if let output = try binder.optionalMatrix("output.weight", columns: hp.embeddingLength, rows: hp.vocabularySize) {
            self.output = output
            outputIsTied = false
        } else {
            output = tokenEmbedding
            outputIsTied = true
        }
        var layers: [LayerWeights] = []
        layers.reserveCapacity(hp.layerCount)
        for il in 0..<hp.layerCount {
            layers.append(try bindLayer(il, binder))
        }
        self.layers = layers
        owned = binder.owned
    }

    deinit {
        for p in owned { p.deallocate() }
    }
}

/// The tensors of one transformer block (`blk.N.…`). Optional members are absent in some architectures.
struct LayerWeights: @unchecked Sendable {
    /// `attn_norm`: `[n_embd]`.
    var attentionNorm: FloatVector
    /// `attn_q`: `[n_head·head_k rows, n_embd]`.
    var query: WeightMatrix
    /// `attn_k`: `[n_kv·head_k rows, n_embd]`.
    var key: WeightMatrix
    /// `attn_v`: `[n_kv·head_v rows, n_embd]`.
    var value: WeightMatrix
    /// `attn_q.bias` (qwen2): `[n_head·head_k]`.
    var queryBias: FloatVector?
    /// `attn_k.bias` (qwen2): `[n_kv·head_k]`.
    var keyBias: FloatVector?
    /// `attn_v.bias` (qwen2): `[n_kv·head_v]`.
    var valueBias: FloatVector?
    /// `attn_q_norm` (qwen3, gemma3): `[head_k]`, shared by every query head.
    var queryNorm: FloatVector?
    /// `attn_k_norm` (qwen3, gemma3): `[head_k]`.
    var keyNorm: FloatVector?
    /// `attn_output`: `[n_embd rows, n_head·head_v]`.
    var attentionOutput: WeightMatrix
    /// `post_attention_norm` (gemma3): `[n_embd]`, applied to the attention output before the residual add.
    var postAttentionNorm: FloatVector?
    /// `ffn_norm`: `[n_embd]`.
    var feedForwardNorm: FloatVector
    /// `ffn_gate`: `[n_ff rows, n_embd]`.
    var gate: WeightMatrix
    /// `ffn_up`: `[n_ff rows, n_embd]`.
    var up: WeightMatrix
    /// `ffn_down`: `[n_embd rows, n_ff]`.
    var down: WeightMatrix
    /// `post_ffw_norm` (gemma3): `[n_embd]`, applied to the feed-forward output before the residual add.
    var postFeedForwardNorm: FloatVector?
}

/// Whether a group of optional tensors must be present, may be present, or is not part of the architecture.
enum TensorPresence {
    case required, optional, absent
}

extension LayerWeights {
    /// Binds block `il` with the tensor names every supported architecture shares; the flags say which optional
    /// groups the architecture has.
    static func bind(
        layer il: Int, _ hp: HyperParameters, _ binder: WeightBinder,
        biases: TensorPresence, queryKeyNorms: TensorPresence, postNorms: TensorPresence
    ) throws(TransformerError) -> LayerWeights {
        let p = "blk.\(il)."
        let n = hp.embeddingLength
        let ff = hp.layers[il].feedForwardLength
        func vector(_ name: String, _ count: Int, _ presence: TensorPresence) throws(TransformerError) -> FloatVector? {
            switch presence {
            case .required: return try binder.vector(p + name, count: count)
            case .optional: return try binder.optionalVector(p + name, count: count)
            case .absent: return nil
            }
        }
        return LayerWeights(
            attentionNorm: try binder.vector(p + "attn_norm.weight", count: n),
            query: try binder.matrix(p + "attn_q.weight", columns: n, rows: hp.queryWidth),
            key: try binder.matrix(p + "attn_k.weight", columns: n, rows: hp.keyWidth),
            value: try binder.matrix(p + "attn_v.weight", columns: n, rows: hp.valueWidth),
            queryBias: try vector("attn_q.bias", hp.queryWidth, biases),
            keyBias: try vector("attn_k.bias", hp.keyWidth, biases),
            valueBias: try vector("attn_v.bias", hp.valueWidth, biases),
            queryNorm: try vector("attn_q_norm.weight", hp.keyLength, queryKeyNorms),
            keyNorm: try vector("attn_k_norm.weight", hp.keyLength, queryKeyNorms),
            attentionOutput: try binder.matrix(p + "attn_output.weight", columns: hp.attentionOutputWidth, rows: n),
            postAttentionNorm: try vector("post_attention_norm.weight", n, postNorms),
            feedForwardNorm: try binder.vector(p + "ffn_norm.weight", count: n),
            gate: try binder.matrix(p + "ffn_gate.weight", columns: n, rows: ff),
            up: try binder.matrix(p + "ffn_up.weight", columns: n, rows: ff),
            down: try binder.matrix(p + "ffn_down.weight", columns: ff, rows: n),
            postFeedForwardNorm: try vector("post_ffw_norm.weight", n, postNorms))
    }
}
