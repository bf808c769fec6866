import Foundation
import Testing
@_spi(Testing) import Tokenizers

/// Hostile input never crashes or blows up, and the fast BPE merge paths agree with the plain reference.
@Suite struct RobustnessTests {
    static let nasty: [String] = [
        "", "\u{0}", "\u{0}\u{0}abc\u{0}", "\u{1}\u{2}\u{7F}\u{1B}[31m", String(repeating: " ", count: 10_000),
        String(repeating: "9", count: 10_000), String(repeating: "\n", count: 5_000), String(repeating: "\t ", count: 3_000),
        String(repeating: "'", count: 1_000), String(repeating: "'s", count: 1_000), "\u{FEFF}\u{200B}\u{2028}",
        String(repeating: "<|im_start|>", count: 200), "<|im_start", "<unused0><start_of_turn><end_of_turn>",
        String(repeating: "👍🏽", count: 500), String(repeating: "e\u{301}", count: 2_000), "\r\r\r\n\n\r",
    ]

    @Test(arguments: [false, true])
    func hostileInputRoundTrips(parseSpecial: Bool) throws {
        for tokenizer in [try ModelTokenizers.smolLM2.get(), try ModelTokenizers.gemma3.get()] {
            for text in Self.nasty {
                let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: parseSpecial)
                #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tokenizer.vocabularySize })
                #expect(tokenizer.decode(ids, renderSpecial: parseSpecial) == text, "\(text.prefix(40).debugDescription)")
            }
        }
    }

    /// One character repeated over 256 KiB: a single huge word for BPE, a single huge fragment for SentencePiece.
    /// Both use heaps, so this stays fast (a quadratic merge would take minutes).
    @Test func longRunsOfOneCharacter() throws {
        let size = 1 << 18
        for tokenizer in [try ModelTokenizers.smolLM2.get(), try ModelTokenizers.gemma3.get()] {
            for character in ["a", " ", "1", "é", "\n"] {
                let text = String(repeating: character, count: size / character.utf8.count)
                let start = ContinuousClock.now
                let ids = tokenizer.encode(text, addSpecial: false)
                let elapsed = ContinuousClock.now - start
                #expect(!ids.isEmpty)
                #expect(tokenizer.decode(ids) == text)
                #expect(elapsed < .seconds(60), "\(character.debugDescription): \(elapsed)")
            }
        }
    }

    @Test func fastMergePathsAgreeWithReference() throws {
        let smol = try ModelTokenizers.smolLM2.get()
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        let alphabet = Array("etaoinshrdlucmfwypvbgkqjxzETAOIN  .,'-0123456789".utf8) + [0xC3, 0xA9, 0xE2, 0x80, 0x94]
        var words: [[UInt8]] = []
        for _ in 0..<3_000 {
            let length = Int(next() % 40) + 1
            words.append((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
        }
        words.append(Array(String(repeating: "a", count: 300).utf8))
        words.append(Array(String(repeating: "ab", count: 150).utf8))
        words.append(Array("internationalization".utf8))
        for word in words {
            let paths = try #require(TokenizerTesting.bpeMergePaths(smol, word: word))
            #expect(paths[1] == paths[0], "scan path differs on \(String(decoding: word, as: UTF8.self))")
            #expect(paths[2] == paths[0], "heap path differs on \(String(decoding: word, as: UTF8.self))")
        }
    }
}
