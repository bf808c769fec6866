import GGUF
import Testing
import Tokenizers

/// SentencePiece BPE on a hand-made vocabulary (ids: `<unk>` 0, `<s>` 1, `</s>` 2, `<0x00>`…`<0xFF>` 3–258, then the
/// pieces below from 259).
@Suite struct SentencePieceTests {
    static let pieces: [(String, Float, Int32)] = [
        ("▁", -10, 1),      // 259
        ("a", -3, 1),       // 260
        ("b", -3, 1),       // 261
        ("c", -3, 1),       // 262
        ("ab", -1, 1),      // 263
        ("bc", -0.5, 1),    // 264
        ("abc", -2, 1),     // 265
        ("aa", -1, 1),      // 266
        ("▁abc", -5, 1),    // 267
        ("<tag>", 0, 4),    // 268 user-defined
    ]

    /// The id of byte token `<0xNN>`.
    func byte(_ value: Int32) -> Int32 { 3 + value }

    static func tokenizer(spacePrefix: Bool?) throws -> Tokenizer {
        var metadata: [(String, GGUFValue)] = [("tokenizer.ggml.bos_token_id", .uint32(1)),
                                                ("tokenizer.ggml.eos_token_id", .uint32(2))]
        if let spacePrefix { metadata.append(("tokenizer.ggml.add_space_prefix", .bool(spacePrefix))) }
        return try SyntheticVocabularies.sentencePiece(pieces, metadata: metadata)
    }

    @Test func highestScoreMergesFirst() throws {
        let t = try Self.tokenizer(spacePrefix: false)
        // "bc" (-0.5) beats "ab" (-1); then "a"+"bc" = "abc".
        #expect(t.encode("abc", addSpecial: false) == [265])
        #expect(t.encode("ab", addSpecial: false) == [263])
    }

    @Test func equalScoresMergeLeftmostFirst() throws {
        let t = try Self.tokenizer(spacePrefix: false)
        #expect(t.encode("aaa", addSpecial: false) == [266, 260])
    }

    @Test func unknownCharactersFallBackToBytes() throws {
        let t = try Self.tokenizer(spacePrefix: false)
        #expect(t.encode("é", addSpecial: false) == [byte(0xC3), byte(0xA9)])
        #expect(t.encode("a😀", addSpecial: false) == [260, byte(0xF0), byte(0x9F), byte(0x98), byte(0x80)])
        #expect(t.decode([byte(0xC3), byte(0xA9)]) == "é")
    }

    @Test func spacePrefixAndBOSDefaultOnForSentencePiece() throws {
        let t = try Self.tokenizer(spacePrefix: nil)
        #expect(t.addBOS && !t.addEOS)
        // " abc" → ▁ a b c: "bc", then "abc", then "▁abc" (an entry for "ab" goes stale on the way).
        #expect(t.encode("abc") == [1, 267])
        #expect(t.encode("abc<s>abc", addSpecial: false, parseSpecial: true) == [267, 1, 267])
        #expect(t.encode("abc<s>abc", addSpecial: false, parseSpecial: false)
                == [267, byte(0x3C), byte(0x73), byte(0x3E), 265])
        #expect(t.encode("ab<tag>c", addSpecial: false) == [259, 263, 268, 259, 262])
    }

    @Test func decodeUnescapesAndHidesControlTokens() throws {
        let t = try Self.tokenizer(spacePrefix: nil)
        #expect(t.decode([1, 267, 268]) == " abc<tag>")
        #expect(t.decode([1, 267, 2], renderSpecial: true) == "<s> abc</s>")
        #expect(t.tokenBytes(267) == Array(" abc".utf8))
        #expect(t.tokenBytes(1) == Array("<s>".utf8))
        #expect(t.tokenBytes(byte(0x0A)) == [0x0A])
        #expect(t.tokenType(3) == .byte && t.tokenType(0) == .unknown && t.tokenType(268) == .userDefined)
        #expect(t.piece(267) == "▁abc" && t.tokenID(forPiece: "▁abc") == 267)
        #expect(t.piece(9999) == nil && t.tokenBytes(-1).isEmpty && t.decode([9999, -5]) == "")
    }
}
