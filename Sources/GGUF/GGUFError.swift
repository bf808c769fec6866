/// Why a GGUF file could not be read. Every error names the file and, where it applies, the byte offset.
public struct GGUFError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, in a form a caller can switch on.
    public enum Kind: Sendable, Equatable {
        case cannotOpen
        case truncated
        case badMagic
        case unsupportedVersion(UInt32)
        case badValue
        case badTensor
        case unknownTensorType(UInt32)
    }

    public let kind: Kind
    /// The file the error is about.
    public let path: String
    /// The byte offset where the problem was found, when it is about a position in the file.
    public let offset: Int?
    /// A sentence saying what was wrong.
    public let message: String

    public init(_ kind: Kind, path: String, offset: Int?, _ message: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.message = message
    }

    public var description: String {
        if let offset { return "\(path): at byte \(offset): \(message)" }
        return "\(path): \(message)"
    }
}
