import Constraints
import InferenceTypes

/// The vocabulary the grammar targets drive their matcher with: token 0 ends generation, token 1 is special, then
/// every single byte, then a few multi-byte pieces of JSON and text, then an empty token (never allowed).
enum FuzzVocabulary {
    static let words: [String] = [
        "{\"", "\"}", "\":", "\",", " \"", "\n", "  ", "true", "false", "null", "[]", "{}", "[1", ", ", "12", "0.",
        ".5", "-1", "e+", "\\n", "\\\"", "\\u00", "é", "😀", "abc", "Hello world", "</think>", "<tool_call>",
    ]

    static let table = TokenVocabulary(
        tokenBytes: [Array("<end>".utf8), Array("<special>".utf8)] + (0...255).map { [UInt8($0)] }
            + words.map { Array($0.utf8) } + [[]],
        specialTokens: [1], endOfGenerationTokens: [0])

    static let index = ConstraintVocabulary(table)
}
