public import GGUF
import Kernels

/// The shape, tensor types and seed of a tiny random model with real tensor names and metadata keys, for
/// testing the forward pass of architectures that have no small real weights on our registries.
///
/// Weights are uniform random numbers, quantized with Kernels' reference quantizers into the requested types.
/// K-quant types need rows whose length is a multiple of 256.
public struct SyntheticModelSpec: Sendable, Hashable, CustomStringConvertible {
    /// `general.architecture`: `llama`, `qwen2`, `qwen3` or `gemma3`.
    public var architecture: String
    /// `block_count`.
    public var layerCount: Int
    /// `embedding_length` (n_embd).
    public var embeddingLength: Int
    /// `attention.head_count`.
    public var headCount: Int
    /// `attention.head_count_kv`.
    public var kvHeadCount: Int
    /// Elements per head; written as `attention.key_length`/`value_length` only when it differs from
    /// `embeddingLength / headCount` or `writeHeadLength` is set (so the default path is exercised too).
    public var headLength: Int
    /// Write `key_length`/`value_length` even when they equal the default.
    public var writeHeadLength: Bool
    /// `feed_forward_length`.
    public var feedForwardLength: Int
    /// Rows of `token_embd` (and `output`).
    public var vocabularySize: Int
    /// `context_length`.
    public var contextLength: Int
    /// `rope.freq_base`; `nil` leaves the key out (default 10000).
    public var ropeBase: Double?
    /// `attention.layer_norm_rms_epsilon`.
    public var rmsEpsilon: Double
    /// Gemma 3's `attention.sliding_window` (0: key absent).
    public var slidingWindow: Int
    /// `token_embd` type.
    public var embeddingType: GGMLType
    /// `attn_q` and `attn_k` type.
    public var queryKeyType: GGMLType
    /// `attn_v` type.
    public var valueType: GGMLType
    /// `attn_output` type.
    public var attentionOutputType: GGMLType
    /// `ffn_gate` and `ffn_up` type.
    public var gateUpType: GGMLType
    /// `ffn_down` type of even layers and of odd layers (Q4_K_M files alternate Q6_K and Q4_K).
    public var downTypes: (even: GGMLType, odd: GGMLType)
    /// `output.weight` type, or `nil` for a tied head.
    public var outputType: GGMLType?
    /// Random seed.
    public var seed: UInt64

    /// The architecture name (used in test names).
    public var description: String { architecture }

    /// Equal when every field is equal.
    public static func == (a: SyntheticModelSpec, b: SyntheticModelSpec) -> Bool { a.key == b.key }
    /// Hashes every field.
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }
    private var key: String {
        "\(architecture) \(layerCount) \(embeddingLength) \(headCount) \(kvHeadCount) \(headLength) "
            + "\(writeHeadLength) \(feedForwardLength) \(vocabularySize) \(contextLength) \(String(describing: ropeBase)) "
            + "\(rmsEpsilon) \(slidingWindow) \(embeddingType) \(queryKeyType) \(valueType) \(attentionOutputType) "
            + "\(gateUpType) \(downTypes.even) \(downTypes.odd) \(String(describing: outputType)) \(seed)"
    }

    /// llama: K-quant attention (Q4_K), Q4_1 output projection, Q4_0 gate/up, Q6_K/Q4_K down, tied Q8_0 head;
    /// head length and rope base left to their defaults.
    public static let llama = SyntheticModelSpec(
        architecture: "llama", layerCount: 2, embeddingLength: 256, headCount: 4, kvHeadCount: 2, headLength: 64,
        writeHeadLength: false, feedForwardLength: 512, vocabularySize: 320, contextLength: 128, ropeBase: nil,
        rmsEpsilon: 1e-5, slidingWindow: 0, embeddingType: .q8_0, queryKeyType: .q4_K, valueType: .q4_K,
        attentionOutputType: .q4_1, gateUpType: .q4_0, downTypes: (.q6_K, .q4_K), outputType: nil, seed: 1)

    /// qwen2: Q/K/V biases; F16 embedding, Q5_0 attention, Q8_0 output projection, Q5_1 gate/up, Q4_1 down,
    /// untied Q8_0 head.
    public static let qwen2 = SyntheticModelSpec(
        architecture: "qwen2", layerCount: 2, embeddingLength: 128, headCount: 4, kvHeadCount: 2, headLength: 32,
        writeHeadLength: false, feedForwardLength: 256, vocabularySize: 300, contextLength: 128, ropeBase: 1_000_000,
        rmsEpsilon: 1e-6, slidingWindow: 0, embeddingType: .f16, queryKeyType: .q5_0, valueType: .q5_0,
        attentionOutputType: .q8_0, gateUpType: .q5_1, downTypes: (.q4_1, .q4_1), outputType: .q8_0, seed: 2)

    /// qwen3: head length 128 ≠ n_embd/n_head, per-head Q/K norms; Q6_K embedding and tied head, Q5_K attention,
    /// Q8_0 output projection, Q6_K gate/up, Q4_K down.
    public static let qwen3 = SyntheticModelSpec(
        architecture: "qwen3", layerCount: 2, embeddingLength: 256, headCount: 4, kvHeadCount: 2, headLength: 128,
        writeHeadLength: true, feedForwardLength: 512, vocabularySize: 300, contextLength: 128, ropeBase: 1_000_000,
        rmsEpsilon: 1e-6, slidingWindow: 0, embeddingType: .q6_K, queryKeyType: .q5_K, valueType: .q5_K,
        attentionOutputType: .q8_0, gateUpType: .q6_K, downTypes: (.q4_K, .q4_K), outputType: nil, seed: 3)

    /// gemma3: six layers (layer 5 global, the others a 4-token sliding window), head length 96 ≠ n_embd/n_head,
    /// Q/K and post norms, GeGLU; Q8_0 tied head, Q5_0 Q/K and gate/up, Q8_0 V, BF16 output projection, F32 and
    /// K-quant downs.
    public static let gemma3 = SyntheticModelSpec(
        architecture: "gemma3", layerCount: 6, embeddingLength: 256, headCount: 2, kvHeadCount: 1, headLength: 96,
        writeHeadLength: true, feedForwardLength: 512, vocabularySize: 260, contextLength: 128, ropeBase: 1_000_000,
        rmsEpsilon: 1e-6, slidingWindow: 4, embeddingType: .q8_0, queryKeyType: .q5_0, valueType: .q8_0,
        attentionOutputType: .bf16, gateUpType: .q5_0, downTypes: (.q6_K, .f32), outputType: nil, seed: 4)

    /// The four presets.
    public static let all: [SyntheticModelSpec] = [.llama, .qwen2, .qwen3, .gemma3]
}

/// Writes ``SyntheticModelSpec`` models as GGUF.
public enum SyntheticModel {
    /// The model as a ``GGUFWriter`` (add or remove entries before encoding to build broken files).
    public static func writer(_ spec: SyntheticModelSpec) -> GGUFWriter {
        var random = SplitMix64(seed: spec.seed)
        var w = GGUFWriter()
        let a = spec.architecture
        let n = spec.embeddingLength, hd = spec.headLength, ff = spec.feedForwardLength
        let qWidth = spec.headCount * hd, kvWidth = spec.kvHeadCount * hd
        w.set("general.architecture", .string(a))
        w.set("general.name", .string("synthetic-\(a)"))
        w.set("\(a).block_count", .uint32(UInt32(spec.layerCount)))
        w.set("\(a).context_length", .uint32(UInt32(spec.contextLength)))
        w.set("\(a).embedding_length", .uint32(UInt32(n)))
        w.set("\(a).feed_forward_length", .uint32(UInt32(ff)))
        w.set("\(a).attention.head_count", .uint32(UInt32(spec.headCount)))
        w.set("\(a).attention.head_count_kv", .uint32(UInt32(spec.kvHeadCount)))
        if spec.writeHeadLength || hd != n / spec.headCount {
            w.set("\(a).attention.key_length", .uint32(UInt32(hd)))
            w.set("\(a).attention.value_length", .uint32(UInt32(hd)))
        }
        w.set("\(a).attention.layer_norm_rms_epsilon", .float32(Float(spec.rmsEpsilon)))
        if let base = spec.ropeBase { w.set("\(a).rope.freq_base", .float32(Float(base))) }
        if spec.slidingWindow > 0 { w.set("\(a).attention.sliding_window", .uint32(UInt32(spec.slidingWindow))) }

        func matrix(_ name: String, columns: Int, rows: Int, _ type: GGMLType, scale: Float) {
            let values = random.uniform(count: columns * rows, scale: scale)
            w.addTensor(name, shape: [columns, rows], type: type, data: encode(values, type))
        }
        func vector(_ name: String, _ count: Int, around center: Float, spread: Float) {
            w.addTensor(name, shape: [count], floats: random.uniform(count: count, scale: spread).map { $0 + center })
        }
        let isGemma = a == "gemma3"
        matrix("token_embd.weight", columns: n, rows: spec.vocabularySize, spec.embeddingType, scale: isGemma ? 0.1 : 1)
        for il in 0..<spec.layerCount {
            let p = "blk.\(il)."
            vector(p + "attn_norm.weight", n, around: 1, spread: 0.2)
            matrix(p + "attn_q.weight", columns: n, rows: qWidth, spec.queryKeyType, scale: 2 / Float(n).squareRoot())
            matrix(p + "attn_k.weight", columns: n, rows: kvWidth, spec.queryKeyType, scale: 2 / Float(n).squareRoot())
            matrix(p + "attn_v.weight", columns: n, rows: kvWidth, spec.valueType, scale: 1.5 / Float(n).squareRoot())
            if a == "qwen2" {
                vector(p + "attn_q.bias", qWidth, around: 0, spread: 0.3)
                vector(p + "attn_k.bias", kvWidth, around: 0, spread: 0.3)
                vector(p + "attn_v.bias", kvWidth, around: 0, spread: 0.3)
            }
            if a == "qwen3" || isGemma {
                vector(p + "attn_q_norm.weight", hd, around: 1, spread: 0.2)
                vector(p + "attn_k_norm.weight", hd, around: 1, spread: 0.2)
            }
            matrix(
                p + "attn_output.weight", columns: qWidth, rows: n, spec.attentionOutputType,
                scale: 1.5 / Float(qWidth).squareRoot())
            if isGemma { vector(p + "post_attention_norm.weight", n, around: 1, spread: 0.2) }
            vector(p + "ffn_norm.weight", n, around: 1, spread: 0.2)
            matrix(p + "ffn_gate.weight", columns: n, rows: ff, spec.gateUpType, scale: 2 / Float(n).squareRoot())
            matrix(p + "ffn_up.weight", columns: n, rows: ff, spec.gateUpType, scale: 2 / Float(n).squareRoot())
            let down = il % 2 == 0 ? spec.downTypes.even : spec.downTypes.odd
            matrix(p + "ffn_down.weight", columns: ff, rows: n, down, scale: 1.5 / Float(ff).squareRoot())
            if isGemma { vector(p + "post_ffw_norm.weight", n, around: 1, spread: 0.2) }
        }
        vector("output_norm.weight", n, around: 1, spread: 0.2)
        if let type = spec.outputType {
            matrix("output.weight", columns: n, rows: spec.vocabularySize, type, scale: 2 / Float(n).squareRoot())
        }
        return w
    }

    /// Writes the model to `path`.
    public static func write(_ spec: SyntheticModelSpec, to path: String) throws {
        try writer(spec).write(to: path)
    }

    /// `values` (a whole number of rows) encoded in `type` with Kernels' reference quantizers.
    public static func encode(_ values: [Float], _ type: GGMLType) -> [UInt8] {
        guard let format = WeightFormat(ggmlTypeID: type.rawValue), let bytes = format.rowBytes(columns: values.count)
        else {
            preconditionFailure("synthetic models cannot encode \(type) for \(values.count) values")
        }
        var out = [UInt8](repeating: 0, count: bytes)
        values.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBytes { dst in
                guard let s = src.baseAddress, let d = dst.baseAddress else { return }
                quantizeReference(s, count: values.count, format: format, into: d)
            }
        }
        return out
    }
}

/// A small deterministic generator (SplitMix64), so a seed reproduces a model exactly.
public struct SplitMix64: Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` floats uniform in `[−scale, scale)`.
    public mutating func uniform(count: Int, scale: Float) -> [Float] {
        (0..<count).map { _ in (Float(next() >> 40) / Float(1 << 24) * 2 - 1) * scale }
    }
}
