/// The kind of a vocabulary entry, as `tokenizer.ggml.token_type` stores it (after llama.cpp's load-time fixes, see
/// ``Tokenizer/tokenType(_:)``).
public enum TokenType: Int32, Sendable, CaseIterable {
    /// No type recorded (GGUF type 0 or an unknown number).
    case undefined = 0
    /// Ordinary text piece (1).
    case normal = 1
    /// The unknown-token placeholder (2); treated like a control token.
    case unknown = 2
    /// Control token such as `<|im_start|>` (3): recognised in text only when special parsing is asked for, and hidden
    /// when decoding unless special tokens are rendered.
    case control = 3
    /// User-defined token (4): always recognised in text, always rendered.
    case userDefined = 4
    /// Unused slot (5).
    case unused = 5
    /// Byte-fallback token `<0xNN>` (6).
    case byte = 6
}

/// llama.cpp's per-token attribute bits (`llama_token_attr`); a token can carry several after load-time fixes.
struct TokenAttributes: OptionSet, Sendable, Hashable {
    let rawValue: UInt16
    init(rawValue: UInt16) { self.rawValue = rawValue }
    static let unknown = TokenAttributes(rawValue: 1 << 0)
    static let unused = TokenAttributes(rawValue: 1 << 1)
    static let normal = TokenAttributes(rawValue: 1 << 2)
    static let control = TokenAttributes(rawValue: 1 << 3)
    static let userDefined = TokenAttributes(rawValue: 1 << 4)
    static let byte = TokenAttributes(rawValue: 1 << 5)

    /// The attribute a GGUF `token_type` number maps to (unknown numbers → none, llama.cpp's UNDEFINED).
    init(ggufType: Int) {
        switch ggufType {
        case 1: self = .normal
        case 2: self = .unknown
        case 3: self = .control
        case 4: self = .userDefined
        case 5: self = .unused
        case 6: self = .byte
        default: self = []
        }
    }

    /// The single type reported to callers, strongest attribute first.
    var tokenType: TokenType {
        if contains(.control) { return .control }
        if contains(.userDefined) { return .userDefined }
        if contains(.unknown) { return .unknown }
        if contains(.byte) { return .byte }
        if contains(.unused) { return .unused }
        if contains(.normal) { return .normal }
        return .undefined
    }

    /// Matched in text only when special parsing is on, hidden in decoded text unless special tokens are rendered.
    var isSpecialOnly: Bool { !intersection([.control, .unknown]).isEmpty }
}
