import TestSupport
import Testing
@_spi(Testing) import Tokenizers

/// Decoding: fixture ids back to their text, and streaming one token at a time without ever emitting part of a
/// UTF-8 character.
@Suite struct DetokenizerTests {
    /// Streams `ids` one token at a time; returns the chunks and the final flush.
    static func stream(_ tokenizer: Tokenizer, _ ids: [TokenIDValue], renderSpecial: Bool) -> (chunks: [String], tail: String) {
        var detokenizer = StreamingDetokenizer(tokenizer: tokenizer, renderSpecial: renderSpecial)
        let chunks = ids.map { detokenizer.append($0) }
        return (chunks, detokenizer.flush())
    }

    typealias TokenIDValue = Int32

    /// Gemma's byte token `<0xNN>` (ids 238–493).
    func gemmaByte(_ value: Int32) -> Int32 { 238 + value }

    @Test(arguments: [TestPaths.smolLM2, TestPaths.gemma3])
    func fixtureIdsDecodeToTheirText(modelFile: String) throws {
        let tokenizer = try ModelTokenizers.named(modelFile)
        let fixture = try TokenizerFixture.load(for: modelFile)
        for testCase in fixture.cases {
            // With special parsing, control tokens stand for their text only when rendered.
            #expect(tokenizer.decode(testCase.ids, renderSpecial: testCase.parse_special) == testCase.text,
                    "\(modelFile): \(testCase.text.debugDescription)")
        }
    }

    @Test(arguments: [TestPaths.smolLM2, TestPaths.gemma3])
    func streamingEqualsWholeDecodeAndNeverSplitsCharacters(modelFile: String) throws {
        let tokenizer = try ModelTokenizers.named(modelFile)
        let fixture = try TokenizerFixture.load(for: modelFile)
        for testCase in fixture.cases {
            for render in [false, true] {
                let (chunks, tail) = Self.stream(tokenizer, testCase.ids, renderSpecial: render)
                let whole = tokenizer.decode(testCase.ids, renderSpecial: render)
                #expect(chunks.joined() + tail == whole, "\(modelFile): \(testCase.text.debugDescription)")
                #expect(tail.isEmpty)
                for chunk in chunks {
                    #expect(!chunk.unicodeScalars.contains("\u{FFFD}"), "half a character in \(chunk.debugDescription)")
                }
            }
        }
    }

    @Test func gemmaByteFallbackIsHeldUntilTheCharacterIsComplete() throws {
        let gemma = try ModelTokenizers.gemma3.get()
        // A private-use character Gemma has no piece for: four byte-fallback tokens <0xF4><0x8F><0xBF><0xBD>.
        let ids = gemma.encode("\u{10FFFD}", addSpecial: false)
        #expect(ids == [gemmaByte(0xF4), gemmaByte(0x8F), gemmaByte(0xBF), gemmaByte(0xBD)])
        #expect(ids.map { gemma.tokenType($0) } == [.byte, .byte, .byte, .byte])
        let (chunks, tail) = Self.stream(gemma, ids, renderSpecial: false)
        #expect(chunks == ["", "", "", "\u{10FFFD}"])
        #expect(tail.isEmpty)
        // NBSP comes out of the fixtures as <0xC2><0xA0>.
        let nbsp = Self.stream(gemma, [432, 398], renderSpecial: false)
        #expect(nbsp.chunks == ["", "\u{00A0}"])
    }

    @Test func smolLMEmojiSpreadOverTokens() throws {
        let smol = try ModelTokenizers.smolLM2.get()
        let ids = smol.encode("👍🏽!", addSpecial: false)
        #expect(ids.count > 3)
        let (chunks, tail) = Self.stream(smol, ids, renderSpecial: false)
        #expect(chunks.joined() + tail == "👍🏽!")
        #expect(chunks.allSatisfy { !$0.unicodeScalars.contains("\u{FFFD}") })
        #expect(chunks.contains(""))
    }

    @Test func incompleteTailIsReplacedOnFlush() throws {
        let gemma = try ModelTokenizers.gemma3.get()
        var detokenizer = StreamingDetokenizer(tokenizer: gemma)
        #expect(detokenizer.append(gemmaByte(0xE2)) == "")
        #expect(detokenizer.append(gemmaByte(0x82)) == "")
        #expect(detokenizer.flush() == "\u{FFFD}")
        #expect(detokenizer.append(9259) == "Hello")
    }

    @Test func controlTokensAppearOnlyWhenRendered() throws {
        let smol = try ModelTokenizers.smolLM2.get()
        let ids = smol.encode("<|im_start|>user\nHi<|im_end|>", addSpecial: false, parseSpecial: true)
        #expect(Self.stream(smol, ids, renderSpecial: false).chunks.joined() == "user\nHi")
        #expect(Self.stream(smol, ids, renderSpecial: true).chunks.joined() == "<|im_start|>user\nHi<|im_end|>")
    }

    @Test func completePrefixRules() {
        let length = TokenizerTesting.completeUTF8PrefixLength
        #expect(length(Array("abc".utf8)) == 3)
        #expect(length([0x61, 0xE2, 0x82]) == 1)            // € cut after two bytes: hold them
        #expect(length([0x61, 0xE2, 0x82, 0xAC]) == 4)      // complete
        #expect(length([0xF0, 0x9F, 0x98]) == 0)            // 😀 missing its last byte
        #expect(length([0x61, 0x80]) == 2)                  // stray continuation: emit (becomes U+FFFD)
        #expect(length([0xE0, 0x80]) == 2)                  // E0 80 can never be well formed: emit
        #expect(length([0xED, 0xA0]) == 2)                  // surrogate range: emit
        #expect(length([0xF4, 0x90]) == 2)                  // beyond U+10FFFF: emit
        #expect(length([0xC0]) == 1)                        // never a lead byte
        #expect(length([0xF0, 0x90, 0x80]) == 0)
        #expect(length([]) == 0)
    }
}
