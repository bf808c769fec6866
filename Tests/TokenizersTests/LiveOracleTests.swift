import Foundation
import TestSupport
import Testing
import Tokenizers

/// Compares against llama.cpp live when `SWIFTLET_TOKENIZER_ORACLE` names the harness built from
/// `scripts/llama-cpp-oracle/tokenize_harness.cpp` (skipped otherwise): long runs, hostile input and a fresh random
/// corpus, with and without special-token parsing, on both catalog models.
@Suite struct LiveOracleTests {
    static let harness: String? = {
        guard let path = ProcessInfo.processInfo.environment["SWIFTLET_TOKENIZER_ORACLE"], !path.isEmpty,
              FileManager.default.isExecutableFile(atPath: path) else { return nil }
        return path
    }()

    /// llama.cpp's ids for each `(text, parseSpecial)` and its end-of-generation set.
    static func oracle(model: String, _ inputs: [(String, Bool)]) throws -> (eog: Set<Int32>, ids: [[Int32]]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(harness))
        process.arguments = [model]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let writer = Thread {
            for (text, parse) in inputs {
                let line = (try? JSONSerialization.data(withJSONObject: ["t": text, "p": parse])) ?? Data()
                input.fileHandleForWriting.write(line + Data([0x0A]))
            }
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let eog = Set(lines.first?.split(separator: " ").dropFirst().compactMap { Int32($0) } ?? [])
        let ids = lines.dropFirst().prefix(inputs.count).map { $0.split(separator: " ").compactMap { Int32($0) } }
        return (eog, Array(ids))
    }

    static func inputs() -> [(String, Bool)] {
        var texts = RobustnessTests.nasty
        for character in ["a", " ", "1", "é", "\n", "\t", "ab", " a", "<", "👍"] {
            texts.append(String(repeating: character, count: 50_000))
        }
        texts += PreTokenizerTests.corpus(count: 3_000, seed: UInt64(Date().timeIntervalSince1970))
        return texts.flatMap { [($0, false), ($0, true)] }
    }

    @Test(.enabled(if: harness != nil, "set SWIFTLET_TOKENIZER_ORACLE to the llama.cpp harness"),
          arguments: [TestPaths.smolLM2, TestPaths.gemma3])
    func matchesLlamaCppLive(modelFile: String) throws {
        let tokenizer = try ModelTokenizers.named(modelFile)
        let inputs = Self.inputs()
        let (eog, expected) = try Self.oracle(model: try TestPaths.model(fileName: modelFile), inputs)
        try #require(expected.count == inputs.count)
        #expect(tokenizer.endOfGenerationTokens == eog)
        var matched = 0
        var reported = 0
        for ((text, parse), reference) in zip(inputs, expected) {
            let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: parse)
            if ids == reference {
                matched += 1
            } else if reported < 5 {
                reported += 1
                Issue.record("\(modelFile) parse=\(parse) \(text.prefix(60).debugDescription): ours \(ids.prefix(10)) llama.cpp \(reference.prefix(10))")
            }
        }
        print("live oracle \(modelFile): \(matched)/\(inputs.count) inputs match llama.cpp")
        #expect(matched == inputs.count)
    }

    /// Every token's piece, with and without special tokens rendered, as llama.cpp's `llama_token_to_piece`.
    @Test(.enabled(if: harness != nil, "set SWIFTLET_TOKENIZER_ORACLE to the llama.cpp harness"),
          arguments: [TestPaths.smolLM2, TestPaths.gemma3])
    func piecesMatchLlamaCpp(modelFile: String) throws {
        let tokenizer = try ModelTokenizers.named(modelFile)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(Self.harness))
        process.arguments = [try TestPaths.model(fileName: modelFile), "pieces"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").dropFirst()
        try #require(lines.count == tokenizer.vocabularySize)
        func bytes(_ hex: Substring) -> [UInt8] {
            guard hex != "-" else { return [] }
            var out: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
                index = next
            }
            return out
        }
        var mismatches = 0
        for (id, line) in lines.enumerated() {
            let parts = line.split(separator: " ")
            let token = Int32(id)
            var detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
            let hidden = Array((detokenizer.append(token) + detokenizer.flush()).utf8)
            let rendered = tokenizer.tokenBytes(token)
            let expectedHidden = bytes(parts[1])
            // A lone piece that is not valid UTF-8 comes back from the detokenizer as U+FFFD; compare those by decode.
            let hiddenMatches = hidden == expectedHidden
                || String(decoding: expectedHidden, as: UTF8.self) == String(decoding: hidden, as: UTF8.self)
            if rendered != bytes(parts[0]) || !hiddenMatches {
                mismatches += 1
                if mismatches <= 5 { Issue.record("\(modelFile) token \(id): ours \(rendered) / \(hidden), llama.cpp \(line)") }
            }
        }
        print("live oracle pieces \(modelFile): \(lines.count - mismatches)/\(lines.count) tokens match llama.cpp")
        #expect(mismatches == 0)
    }
}
