/// Why a tokenizer could not be built from a model file. The message names the file, the metadata key and what was
/// wrong with it, so the user can tell a damaged file from an unsupported one.
public struct TokenizerError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// A required metadata key is absent.
        case missingKey
        /// A metadata key holds the wrong type or an impossible value.
        case invalidValue
        /// `tokenizer.ggml.model` names a tokenizer family Swiftlet does not implement.
        case unsupportedModel
        /// `tokenizer.ggml.pre` names a pre-tokenizer Swiftlet does not implement.
        case unsupportedPreTokenizer
    }

    /// The category of the problem.
    public let kind: Kind
    /// The model file (or `<memory>` for an in-memory file).
    public let path: String
    /// The metadata key involved, if any.
    public let key: String?
    /// A human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(_ kind: Kind, path: String, key: String?, _ message: String) {
        self.kind = kind
        self.path = path
        self.key = key
        self.message = message
    }

    /// `path: key: message`.
    public var description: String {
        if let key { return "\(path): \(key): \(message)" }
        return "\(path): \(message)"
    }
}
