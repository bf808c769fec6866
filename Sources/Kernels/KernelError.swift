/// Errors the kernels report about their inputs (model files, shapes from hyperparameters).
public enum KernelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A tensor in a model file has a type the kernels cannot compute on.
    case unsupportedTensorType(tensor: String, ggmlTypeID: UInt32)
    /// A row length is not a whole number of the format's blocks.
    case rowLengthNotMultipleOfBlock(format: WeightFormat, columns: Int)

    /// What was wrong, and where.
    public var description: String {
        switch self {
        case let .unsupportedTensorType(tensor, id):
            "tensor '\(tensor)' has ggml type \(id) (\(Self.ggmlTypeName(id))), which Swiftlet's kernels do not support; "
                + "supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K"
        case let .rowLengthNotMultipleOfBlock(format, columns):
            "a \(format) row of \(columns) elements is not a whole number of \(format.blockElements)-element blocks"
        }
    }

    /// ggml's name for a type id, for messages.
    static func ggmlTypeName(_ id: UInt32) -> String {
        let names: [UInt32: String] = [
            0: "F32", 1: "F16", 2: "Q4_0", 3: "Q4_1", 6: "Q5_0", 7: "Q5_1", 8: "Q8_0", 9: "Q8_1", 10: "Q2_K",
            11: "Q3_K", 12: "Q4_K", 13: "Q5_K", 14: "Q6_K", 15: "Q8_K", 16: "IQ2_XXS", 17: "IQ2_XS", 18: "IQ3_XXS",
            19: "IQ1_S", 20: "IQ4_NL", 21: "IQ3_S", 22: "IQ2_S", 23: "IQ4_XS", 24: "I8", 25: "I16", 26: "I32",
            27: "I64", 28: "F64", 29: "IQ1_M", 30: "BF16", 34: "TQ1_0", 35: "TQ2_0", 39: "MXFP4",
        ]
        return names[id] ?? "unknown"
    }
}
