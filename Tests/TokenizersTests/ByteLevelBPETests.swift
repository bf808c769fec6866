import GGUF
import TestSupport
import Testing
import Tokenizers

/// Byte-level BPE on hand-made vocabularies: merge order, ties, llama.cpp's fallbacks, special tokens, flags.
@Suite struct ByteLevelBPETests {
    static func helloTokenizer(pre: String = "gpt-2", extra more: [(String, Int32)] = [],
                               metadata: [(String, GGUFValue)] = []) throws -> Tokenizer {
        try SyntheticVocabularies.bpe(
            pre: pre,
            extra: [("ll", 1), ("he", 1), ("hell", 1), ("hello", 1), ("Ġw", 1), ("abc", 1)] + more,
            merges: ["l l", "h e", "he ll", "hell o", "Ġ w", "a b", "ab c"],
            metadata: metadata)
    }

    @Test func mergesByRank() throws {
        let t = try Self.helloTokenizer()
        #expect(t.pieces("hello") == ["hello"])
        #expect(t.pieces("hello w") == ["hello", "Ġw"])
        #expect(t.pieces("hhe") == ["h", "he"])
        #expect(t.pieces("helo") == ["he", "l", "o"])
    }

    @Test func equalRanksMergeLeftmostFirst() throws {
        let t = try Self.helloTokenizer()
        #expect(t.pieces("lll") == ["ll", "l"])
        #expect(t.pieces("lllll") == ["ll", "ll", "l"])
    }

    @Test func symbolOutsideVocabularyFallsBackToAsciiCharacters() throws {
        let t = try Self.helloTokenizer()
        // "a b" merges to "ab", which is not a token: llama.cpp emits its one-character ASCII tokens.
        #expect(t.pieces("ab") == ["a", "b"])
        #expect(t.pieces("abc") == ["abc"])
        #expect(t.pieces("abd") == ["a", "b", "d"])
    }

    @Test func nonAsciiSymbolOutsideVocabularyIsDropped() throws {
        // "Ã ©" merges "é" into a symbol that is not a token; llama.cpp's fallback looks up single bytes of the
        // byte-unicode text, which are never tokens for non-ASCII characters, so nothing is emitted.
        let t = try SyntheticVocabularies.bpe(pre: "gpt-2", extra: [], merges: ["Ã ©"])
        #expect(t.encode("é", addSpecial: false).isEmpty)
        #expect(t.pieces("xé") == ["x"])
    }

    @Test func wordsFollowThePreTokenizer() throws {
        let t = try Self.helloTokenizer()
        #expect(t.pieces("hello  w") == ["hello", "Ġ", "Ġw"])
        #expect(t.pieces("hello\n") == ["hello", "Ċ"])
    }

    @Test func controlTokensNeedParseSpecialUserDefinedAlwaysMatch() throws {
        let t = try Self.helloTokenizer(extra: [("<|im_start|>", 3), ("<tool>", 4)])
        let start = try #require(t.tokenID(forPiece: "<|im_start|>"))
        let tool = try #require(t.tokenID(forPiece: "<tool>"))
        #expect(t.encode("he<|im_start|>he", addSpecial: false, parseSpecial: true).contains(start))
        #expect(!t.encode("he<|im_start|>he", addSpecial: false, parseSpecial: false).contains(start))
        #expect(t.pieces("he<|im_start|>he", parseSpecial: false)
                == ["he", "<", "|", "im", "_", "start", "|", ">", "he"].flatMap(Self.splitUnknown))
        #expect(t.encode("he<tool>he", addSpecial: false, parseSpecial: false) == [
            try #require(t.tokenID(forPiece: "he")), tool, try #require(t.tokenID(forPiece: "he")),
        ])
        #expect(t.tokenType(start) == .control)
        #expect(t.tokenType(tool) == .userDefined)
    }

    /// Pieces with no merges in the hello vocabulary come out one character at a time.
    private static func splitUnknown(_ piece: String) -> [String] {
        ["he"].contains(piece) ? [piece] : piece.map(String.init)
    }

    @Test func longerSpecialTokensAreCutFirst() throws {
        // llama.cpp tries special tokens longest first over the whole text, so "bcd" wins over "ab" in "abcd" even
        // though "ab" starts earlier.
        let t = try Self.helloTokenizer(extra: [("ab", 4), ("bcd", 4)])
        #expect(t.pieces("abcd") == ["a", "bcd"])
        #expect(t.pieces("ab-ab") == ["ab", "-", "ab"])
    }

    @Test func llamaBPEIgnoresMergesForWholeWordsAndAddsBOS() throws {
        // "abc" is a token; with ignore_merges (llama-bpe) the word maps to it directly even without a merge path.
        let t = try SyntheticVocabularies.bpe(
            pre: "llama-bpe", extra: [("abc", 1), ("<|begin_of_text|>", 3)], merges: [],
            metadata: [("tokenizer.ggml.bos_token_id", .uint32(257))])
        #expect(t.pieces("abc") == ["abc"])
        #expect(t.addBOS)
        #expect(t.encode("abc") == [257, 256])
        let gpt2 = try SyntheticVocabularies.bpe(pre: "gpt-2", extra: [("abc", 1)], merges: [])
        #expect(gpt2.pieces("abc") == ["a", "b", "c"])
        #expect(!gpt2.addBOS)
    }

    @Test func metadataFlagsOverrideFamilyDefaults() throws {
        let t = try SyntheticVocabularies.bpe(
            pre: "llama-bpe", extra: [("<s>", 3), ("</s>", 3)], merges: [],
            metadata: [("tokenizer.ggml.bos_token_id", .uint32(256)), ("tokenizer.ggml.eos_token_id", .uint32(257)),
                       ("tokenizer.ggml.add_bos_token", .bool(false)), ("tokenizer.ggml.add_eos_token", .bool(true))])
        #expect(t.encode("a") == [97, 257])
        #expect(t.encode("a", addSpecial: false) == [97])
        #expect(t.bosToken == 256 && t.eosToken == 257)
        #expect(t.endOfGenerationTokens.contains(257))
    }

    @Test func unsupportedMetadataIsReported() throws {
        #expect(throws: TokenizerError.self) {
            _ = try SyntheticVocabularies.bpe(pre: "no-such-pre", extra: [], merges: [])
        }
        var writer = GGUFWriter()
        writer.set("tokenizer.ggml.model", .string("bert"))
        let bert = try GGUFFile(bytes: writer.encoded(), name: "bert.gguf")
        let rejected = #expect(throws: TokenizerError.self) { try Tokenizer.load(from: bert) }
        #expect(rejected?.kind == .unsupportedModel)
        #expect(rejected?.description.contains("bert.gguf") == true)
        var empty = GGUFWriter()
        empty.set("general.architecture", .string("llama"))
        let emptyFile = try GGUFFile(bytes: empty.encoded(), name: "empty.gguf")
        let missing = #expect(throws: TokenizerError.self) { try Tokenizer.load(from: emptyFile) }
        #expect(missing?.kind == .missingKey && missing?.key == "tokenizer.ggml.model")
    }
}
