public import GGUF

/// What `swiftlet models` shows about a GGUF file, read from its metadata and tensor index.
public struct ModelInfo: Sendable {
    public let path: String
    /// Catalog id or file stem.
    public let id: String
    public let architecture: String
    /// `general.name`, when present.
    public let name: String?
    /// The file type (`Q4_K_M`, …) from `general.file_type`, or the most common weight type.
    public let quantization: String
    /// Total number of weights.
    public let parameterCount: Int
    /// `{arch}.context_length`.
    public let contextLength: Int?
    public let fileSize: Int

    public init(file: GGUFFile, id: String) {
        path = file.path
        self.id = id
        architecture = file.architecture ?? "unknown"
        name = file.metadata.string("general.name")
        parameterCount = file.tensors.reduce(0) { $0 + $1.elementCount }
        contextLength = file.metadata.int("\(architecture).context_length")
        fileSize = file.fileSize
        if let ft = file.metadata.int("general.file_type"), let n = Self.fileTypeNames[ft] {
            quantization = n
        } else {
            // The type holding the most bytes among 2-D weights.
            var bytes: [GGMLType: Int] = [:]
            for t in file.tensors where t.shape.count >= 2 { bytes[t.type, default: 0] += t.byteCount }
            quantization = bytes.max { $0.value < $1.value }?.key.name ?? "unknown"
        }
    }

    /// llama.cpp's `llama_ftype` values.
    static let fileTypeNames: [Int: String] = [
        0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 7: "Q8_0", 8: "Q5_0", 9: "Q5_1", 10: "Q2_K", 11: "Q3_K_S",
        12: "Q3_K_M", 13: "Q3_K_L", 14: "Q4_K_S", 15: "Q4_K_M", 16: "Q5_K_S", 17: "Q5_K_M", 18: "Q6_K",
        19: "IQ2_XXS", 20: "IQ2_XS", 21: "Q2_K_S", 22: "IQ3_XS", 23: "IQ3_XXS", 24: "IQ1_S", 25: "IQ4_NL",
        26: "IQ3_S", 27: "IQ3_M", 28: "IQ2_S", 29: "IQ2_M", 30: "IQ4_XS", 31: "IQ1_M", 32: "BF16", 36: "TQ1_0",
        37: "TQ2_0", 38: "MXFP4",
    ]

    /// `135M`, `268M`, `1.5B`.
    public var parameterText: String {
        let p = Double(parameterCount)
        if p >= 1e9 { return String(format1: p / 1e9) + "B" }
        return String(Int((p / 1e6).rounded())) + "M"
    }
}

extension String {
    /// One decimal place, without Foundation's formatter.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}
