import Foundation
import TestSupport
import Testing
@_spi(Testing) import Tokenizers

/// The pre-tokenizer scanners against hand-worked splits, and against the real regexes (Python `regex`) on a
/// generated corpus when python3 and `regex` are installed (`scripts/install-test-deps.sh`).
@Suite struct PreTokenizerTests {
    static func split(_ family: String, _ text: String) throws -> [String] {
        try #require(PreTokenizer(pre: family)).split(text)
    }

    @Test func gpt2() throws {
        #expect(try Self.split("gpt-2", "I'm 12345 years") == ["I", "'m", " 12345", " years"])
        #expect(try Self.split("gpt-2", "a  b") == ["a", " ", " b"])
        #expect(try Self.split("gpt-2", "x \n y") == ["x", " \n", " y"])
        #expect(try Self.split("gpt-2", "DON'T stop!!  ") == ["DON", "'", "T", " stop", "!!", "  "])
        #expect(try Self.split("gpt-2", "\tx") == ["\t", "x"])
    }

    @Test func smollmIsolatesDigitsFirst() throws {
        #expect(try Self.split("smollm", "Hello world! 123") == ["Hello", " world", "!", " ", "1", "2", "3"])
        #expect(try Self.split("smollm", "x2y ٣") == ["x", "2", "y", " ", "٣"])
    }

    @Test func qwen2() throws {
        #expect(try Self.split("qwen2", "Hello 123 world's") == ["Hello", " ", "1", "2", "3", " world", "'s"])
        #expect(try Self.split("qwen2", "\n\nfoo  bar\n") == ["\n\n", "foo", " ", " bar", "\n"])
        #expect(try Self.split("qwen2", "DON'T a,b;;\r\n") == ["DON", "'T", " a", ",b", ";;\r\n"])
        #expect(try Self.split("qwen2", "  \n  x") == ["  \n", " ", " x"])
    }

    @Test func llamaBPEGroupsThreeDigits() throws {
        #expect(try Self.split("llama-bpe", "12345 x") == ["123", "45", " x"])
        #expect(try Self.split("llama-bpe", "ab1234567") == ["ab", "123", "456", "7"])
    }

    @Test func defaultFamily() throws {
        #expect(try Self.split("default", "x+=12345;") == ["x", "+=", "123", "45", ";"])
        #expect(try Self.split("default", "hello world") == ["hello", " world"])
        #expect(try Self.split("default", "a `b` 1234") == ["a", " `", "b", "`", " ", "123", "4"])
    }

    @Test func unsupportedFamilyIsNil() {
        #expect(PreTokenizer(pre: "no-such-thing") == nil)
        #expect(PreTokenizer(pre: nil) != nil)
    }

    /// Characters the random corpus draws from: ASCII of every class, accented and combining letters, CJK, Arabic,
    /// Devanagari and fullwidth digits, superscripts, emoji, exotic spaces and punctuation (all assigned before
    /// Unicode 15, so every regex engine agrees on their classes).
    static let alphabet: [String] = {
        var chars: [String] = []
        for scalar in 0x20...0x7E { chars.append(String(UnicodeScalar(UInt8(scalar)))) }
        chars += ["\t", "\n", "\r", "\u{0B}", "\u{0C}", "\u{00}", "\u{07}", "\u{7F}"]
        chars += ["'s", "'S", "'ll", "'LL", "'re", "'Ve", "'d", "'M", "'t", "'x"]
        chars += ["é", "ß", "ñ", "Ü", "e\u{301}", "\u{301}", "\u{0308}", "日", "本", "語", "中", "ー", "カ", "한", "글"]
        chars += ["٣", "٤", "१", "२", "１", "２", "²", "½", "Ⅻ", "ⅷ"]
        chars += ["😀", "👍🏽", "🇫🇷", "\u{200B}", "\u{200D}", "\u{FEFF}", "\u{00A0}", "\u{2009}", "\u{3000}",
                  "\u{2028}", "\u{0085}", "\u{1680}"]
        chars += ["—", "–", "…", "«", "»", "“", "”", "¿", "¡", "§", "€", "£", "©", "±", "∑", "√", "≈", "π", "→"]
        chars += ["  ", "   ", "\n\n", "\r\n", " \n ", "123", "4567", "hello", "World", "CamelCase", "snake_case"]
        return chars
    }()

    /// Deterministic random texts built from ``alphabet``.
    static func corpus(count: Int, seed: UInt64) -> [String] {
        var state = seed
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        return (0..<count).map { _ in
            let length = Int(next() % 24) + 1
            return (0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] }.joined()
        }
    }

    static let pythonRegexAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import regex"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }()

    /// Runs `scripts/pretokenizer_reference.py` on `texts`.
    static func referenceSplits(_ family: String, _ texts: [String]) throws -> [[String]] {
        let script = TestPaths.packageRoot.appendingPathComponent("scripts/pretokenizer_reference.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let request = try JSONSerialization.data(withJSONObject: ["family": family, "texts": texts])
        input.fileHandleForWriting.write(request)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return try JSONDecoder().decode([[String]].self, from: data)
    }

    @Test(.enabled(if: pythonRegexAvailable, "needs python3 with the regex package (scripts/install-test-deps.sh)"),
          arguments: ["gpt-2", "smollm", "qwen2", "llama-bpe", "default"])
    func matchesRealRegexes(family: String) throws {
        var texts = Self.corpus(count: 2000, seed: 0x5EED_0000 &+ UInt64(family.utf8.count))
        let fixture = try TokenizerFixture.load(for: TestPaths.smolLM2)
        texts += fixture.cases.map(\.text)
        let expected = try Self.referenceSplits(family, texts)
        try #require(expected.count == texts.count)
        let preTokenizer = try #require(PreTokenizer(pre: family))
        var mismatches = 0
        for (text, reference) in zip(texts, expected) {
            let ours = preTokenizer.split(text)
            if ours != reference {
                mismatches += 1
                if mismatches <= 5 {
                    Issue.record("\(family): \(text.debugDescription): ours \(ours) regex \(reference)")
                }
            }
        }
        print("pre-tokenizer \(family): \(texts.count - mismatches)/\(texts.count) texts split as the real regexes")
        #expect(mismatches == 0)
    }
}
