/// A token as the tokenize endpoints show it.
public struct TokenPiece: Sendable, Hashable {
    public var id: TokenID
    /// The text the token stands for (invalid UTF-8 shown with U+FFFD).
    public var text: String
    /// The exact bytes the token stands for.
    public var bytes: [UInt8]

    public init(id: TokenID, text: String, bytes: [UInt8]) {
        self.id = id
        self.text = text
        self.bytes = bytes
    }
}
