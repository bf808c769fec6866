import Constraints
import InferenceTypes

/// A small hand-made vocabulary: every single byte, some multi-byte tokens, one special and one end token.
enum SyntheticVocabulary {
    /// Multi-byte token texts beyond the 256 single bytes.
    static let words: [String] = [
        "yes", "no", "ye", "es", "y", "n", "o", "{\"", "\"}", "\":", "\",", " \"", "\n", "  ", "ab", "abc", "é", "ün",
        "1", "12", "123", "0.", ".5", "-1", "true", "false", "null", "[]", "{}", "[1", ",", "\"a\"", "😀", "\\n",
        "\\\"", "\\u00", "ok", "Bob", "Alice", ", ", "+", "(", ")", "*", "2", "3", "x", "Hello world",
    ]

    /// Token ids: 0 = end of generation, 1 = special, 2… = bytes 0…255, then `words`.
    static let eog: TokenID = 0
    static let special: TokenID = 1

    static let table: TokenVocabulary = {
        var bytes: [[UInt8]] = [Array("<end>".utf8), Array("<special>".utf8)]
        for b in 0...255 { bytes.append([UInt8(b)]) }
        for w in words { bytes.append(Array(w.utf8)) }
        bytes.append([])  // an empty token: never allowed
        return TokenVocabulary(tokenBytes: bytes, specialTokens: [special], endOfGenerationTokens: [eog])
    }()

    static let index = ConstraintVocabulary(table)

    /// The id of a multi-byte word.
    static func id(_ word: String) -> TokenID {
        if let i = words.firstIndex(of: word) { return TokenID(258 + i) }
        let b = Array(word.utf8)
        precondition(b.count == 1, "unknown token \(word)")
        return TokenID(2 + Int(b[0]))
    }
}
