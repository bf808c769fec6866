public import InferenceTypes

/// Why a model could not be loaded or a forward pass could not run. Every case names what was wrong and carries the
/// numbers, so a caller can say what to change (a smaller prompt, a supported file, another slot).
public enum TransformerError: Error, Sendable, Equatable, CustomStringConvertible {
    // Loading

    /// `general.architecture` is missing or not one of the registered architectures.
    case unsupportedArchitecture(String?, supported: [String])
    /// A required metadata key is absent.
    case missingMetadata(key: String)
    /// A metadata value is present but unusable (zero heads, a head count that does not divide, …).
    case invalidMetadata(key: String, value: String, reason: String)
    /// The file asks for a RoPE scaling method Swiftlet does not implement.
    case unsupportedRopeScaling(type: String)
    /// A required tensor is absent.
    case missingTensor(name: String)
    /// A tensor's shape (innermost dimension first, as GGUF lists it) is not what the hyperparameters imply.
    case wrongShape(tensor: String, expected: [Int], actual: [Int])
    /// A tensor is stored in a type the kernels cannot compute on.
    case unsupportedTensorType(tensor: String, type: String)
    /// A tensor's data is unusable for its declared shape (too short, rows not a whole number of blocks).
    case invalidTensor(name: String, reason: String)
    /// The requested context is longer than the model's training context.
    case contextLengthTooLarge(requested: Int, modelMaximum: Int)
    /// An option is out of range (a zero slot count, a zero batch size, …).
    case invalidOption(name: String, value: Int, reason: String)

    // Forward pass

    /// The batch holds more tokens than the run buffers were sized for.
    case batchTooLarge(tokens: Int, limit: Int)
    /// An entry names a slot that does not exist.
    case invalidSlot(slot: Int, slotCount: Int)
    /// Two entries of one batch name the same slot.
    case duplicateSlot(slot: Int)
    /// An entry has no tokens.
    case emptyEntry(slot: Int)
    /// An entry does not continue its slot: its first position must equal the slot's current length.
    case positionMismatch(slot: Int, expected: Int, actual: Int)
    /// A token would land past the configured context: `position` is the last position the entry asked for,
    /// `limit` the context length (valid positions are `0 ..< limit`).
    case contextOverflow(slot: Int, position: Int, limit: Int)
    /// A token id is outside the vocabulary.
    case invalidToken(id: TokenID, vocabularySize: Int)
    /// A slot cannot be truncated to `length` (longer than its content, or its sliding-window ring has already
    /// overwritten entries that the shorter sequence would need).
    case truncationUnavailable(slot: Int, length: Int, reason: String)

    /// What was wrong, and where.
    public var description: String {
        switch self {
        case let .unsupportedArchitecture(name, supported):
            let shown = name.map { "'\($0)'" } ?? "(general.architecture is missing)"
            return "unsupported model architecture \(shown); supported: \(supported.joined(separator: ", "))"
        case let .missingMetadata(key):
            return "model metadata has no '\(key)'"
        case let .invalidMetadata(key, value, reason):
            return "model metadata '\(key)' = \(value) is invalid: \(reason)"
        case let .unsupportedRopeScaling(type):
            return "RoPE scaling '\(type)' is not supported (supported: none, linear factor)"
        case let .missingTensor(name):
            return "model file has no tensor '\(name)'"
        case let .wrongShape(tensor, expected, actual):
            return "tensor '\(tensor)' has shape \(actual), expected \(expected) (innermost dimension first)"
        case let .unsupportedTensorType(tensor, type):
            return "tensor '\(tensor)' is stored as \(type), which Swiftlet's kernels do not support; "
                + "supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K, Q5_K, Q6_K"
        case let .invalidTensor(name, reason):
            return "tensor '\(name)' is unusable: \(reason)"
        case let .contextLengthTooLarge(requested, maximum):
            return "context length \(requested) exceeds the model's training context of \(maximum) tokens"
        case let .invalidOption(name, value, reason):
            return "option \(name) = \(value) is invalid: \(reason)"
        case let .batchTooLarge(tokens, limit):
            return "batch of \(tokens) tokens exceeds the \(limit) tokens one forward pass can hold"
        case let .invalidSlot(slot, count):
            return "slot \(slot) does not exist (slots 0..<\(count))"
        case let .duplicateSlot(slot):
            return "slot \(slot) appears twice in one batch"
        case let .emptyEntry(slot):
            return "batch entry for slot \(slot) has no tokens"
        case let .positionMismatch(slot, expected, actual):
            return "slot \(slot) holds \(expected) positions, but the entry starts at position \(actual)"
        case let .contextOverflow(slot, position, limit):
            return "slot \(slot): position \(position) is past the context length of \(limit) tokens (positions 0..<\(limit))"
        case let .invalidToken(id, vocabularySize):
            return "token id \(id) is outside the vocabulary of \(vocabularySize) tokens"
        case let .truncationUnavailable(slot, length, reason):
            return "slot \(slot) cannot be truncated to \(length) positions: \(reason)"
        }
    }
}
