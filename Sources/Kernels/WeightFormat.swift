/// The storage format of a weight tensor: the GGUF block formats the kernels compute on directly.
///
/// `Kernels` imports no other project target, so this is its own enum; the Transformer maps GGUF's type ids with
/// ``init(ggmlTypeID:)`` (ids from ggml's `ggml_type`).
public enum WeightFormat: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// IEEE binary32, one element per "block".
    case f32
    /// IEEE binary16.
    case f16
    /// bfloat16 (the top 16 bits of a binary32).
    case bf16
    /// 32 elements, 18 bytes: `d: f16, qs[16]`; value `(q − 8)·d`.
    case q4_0
    /// 32 elements, 20 bytes: `d: f16, m: f16, qs[16]`; value `q·d + m`.
    case q4_1
    /// 32 elements, 22 bytes: `d: f16, qh: u32, qs[16]`; value `(q5 − 16)·d`.
    case q5_0
    /// 32 elements, 24 bytes: `d: f16, m: f16, qh: u32, qs[16]`; value `q5·d + m`.
    case q5_1
    /// 32 elements, 34 bytes: `d: f16, qs[32] int8`; value `q·d`.
    case q8_0
    /// 256 elements, 144 bytes: `d, dmin: f16, scales[12], qs[128]`; value `d·sc·q − dmin·m`.
    case q4_K
    /// 256 elements, 176 bytes: `d, dmin: f16, scales[12], qh[32], qs[128]`.
    case q5_K
    /// 256 elements, 210 bytes: `ql[128], qh[64], scales[16] int8, d: f16`; value `d·sc·(q6 − 32)`.
    case q6_K

    /// Elements per block (1 for the float formats).
    public var blockElements: Int {
        switch self {
        case .f32, .f16, .bf16: 1
        case .q4_0, .q4_1, .q5_0, .q5_1, .q8_0: 32
        case .q4_K, .q5_K, .q6_K: 256
        }
    }

    /// Bytes per block.
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .f16, .bf16: 2
        case .q4_0: 18
        case .q4_1: 20
        case .q5_0: 22
        case .q5_1: 24
        case .q8_0: 34
        case .q4_K: 144
        case .q5_K: 176
        case .q6_K: 210
        }
    }

    /// Bytes of one row of `columns` elements, or `nil` when `columns` is not a whole number of blocks.
    public func rowBytes(columns: Int) -> Int? {
        guard columns >= 0, columns % blockElements == 0 else { return nil }
        return columns / blockElements * blockBytes
    }

    /// What the activation side is quantized to for this format's dot product (ggml's `vec_dot_type`, §2.3).
    public var activationFormat: ActivationFormat {
        switch self {
        case .f32, .f16, .bf16: .f32
        case .q4_0, .q5_0, .q8_0: .q8_0
        case .q4_1, .q5_1: .q8_1
        case .q4_K, .q5_K, .q6_K: .q8_K
        }
    }

    /// The format for a ggml type id, or `nil` when the kernels do not support it.
    public init?(ggmlTypeID: UInt32) {
        switch ggmlTypeID {
        case 0: self = .f32
        case 1: self = .f16
        case 2: self = .q4_0
        case 3: self = .q4_1
        case 6: self = .q5_0
        case 7: self = .q5_1
        case 8: self = .q8_0
        case 12: self = .q4_K
        case 13: self = .q5_K
        case 14: self = .q6_K
        case 30: self = .bf16
        default: return nil
        }
    }

    /// The ggml type id of this format.
    public var ggmlTypeID: UInt32 {
        switch self {
        case .f32: 0
        case .f16: 1
        case .q4_0: 2
        case .q4_1: 3
        case .q5_0: 6
        case .q5_1: 7
        case .q8_0: 8
        case .q4_K: 12
        case .q5_K: 13
        case .q6_K: 14
        case .bf16: 30
        }
    }

    /// The format of a tensor read from a model file, or a ``KernelError/unsupportedTensorType(tensor:ggmlTypeID:)``
    /// naming the tensor.
    public static func forTensor(named name: String, ggmlTypeID: UInt32) throws(KernelError) -> WeightFormat {
        guard let format = WeightFormat(ggmlTypeID: ggmlTypeID) else {
            throw .unsupportedTensorType(tensor: name, ggmlTypeID: ggmlTypeID)
        }
        return format
    }

    /// ggml's name of the format (`"Q4_K"`, `"F16"`, …).
    public var description: String {
        switch self {
        case .f32: "F32"
        case .f16: "F16"
        case .bf16: "BF16"
        case .q4_0: "Q4_0"
        case .q4_1: "Q4_1"
        case .q5_0: "Q5_0"
        case .q5_1: "Q5_1"
        case .q8_0: "Q8_0"
        case .q4_K: "Q4_K"
        case .q5_K: "Q5_K"
        case .q6_K: "Q6_K"
        }
    }
}

/// The format activations are quantized to before a dot product with a weight format (§2.3).
public enum ActivationFormat: Sendable, Hashable, CaseIterable {
    /// Plain f32 (for float weights).
    case f32
    /// 32 elements, 34 bytes: `d: f16, qs[32] int8`.
    case q8_0
    /// 32 elements, 36 bytes: `d: f16, s: f16 (= d·Σq), qs[32] int8`.
    case q8_1
    /// 256 elements, 292 bytes: `d: f32, qs[256] int8, bsums[16] int16`.
    case q8_K

    /// Elements per block.
    public var blockElements: Int {
        switch self {
        case .f32: 1
        case .q8_0, .q8_1: 32
        case .q8_K: 256
        }
    }

    /// Bytes per block in ggml's layout (what ``quantizeActivations(_:count:format:into:)`` writes).
    public var blockBytes: Int {
        switch self {
        case .f32: 4
        case .q8_0: 34
        case .q8_1: 36
        case .q8_K: 292
        }
    }
}
