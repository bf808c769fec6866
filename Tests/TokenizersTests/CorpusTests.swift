import Foundation
import GGUF
import TestSupport
import Testing
import Tokenizers

/// Token ids against llama.cpp on a larger corpus (`Tests/TokenizersFixtures/llama-cpp-corpus.json`): random strings
/// over awkward characters and special-token literals, paragraphs of English prose and chunks of Swift code. It was
/// produced by running llama.cpp's own tokenizer; see the file's `producer` field. Results with a `pre` value use
/// SmolLM2's vocabulary with `tokenizer.ggml.pre` replaced, covering the `gpt-2`, `qwen2`, `llama-bpe` and `default`
/// pre-tokenizers on a real vocabulary.
@Suite struct CorpusTests {
    struct Corpus: Decodable {
        struct Result: Decodable {
            let model: String
            let pre: String?
            let parse_special: Bool
            let eog: [Int32]
            let ids: [String]
        }
        let texts: [String]
        let results: [Result]
    }

    static let corpus: Result<Corpus, any Error> = Result {
        let url = TestPaths.packageRoot.appendingPathComponent("Tests/TokenizersFixtures/llama-cpp-corpus.json")
        return try JSONDecoder().decode(Corpus.self, from: Data(contentsOf: url))
    }

    /// SmolLM2's tokenizer with another `tokenizer.ggml.pre` value.
    static func smolLM2Variant(pre: String) throws -> Tokenizer {
        let original = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.smolLM2))
        var writer = GGUFWriter()
        writer.set("general.architecture", .string("llama"))
        for key in original.metadata.keys where key.hasPrefix("tokenizer.") && key != "tokenizer.ggml.pre" {
            if let value = original.metadata[key] { writer.set(key, value) }
        }
        writer.set("tokenizer.ggml.pre", .string(pre))
        return try Tokenizer.load(from: GGUFFile(bytes: writer.encoded(), name: "smollm-\(pre).gguf"))
    }

    @Test(arguments: 0..<8)
    func idsMatchLlamaCpp(resultIndex: Int) throws {
        let corpus = try Self.corpus.get()
        try #require(resultIndex < corpus.results.count)
        let result = corpus.results[resultIndex]
        let tokenizer = try result.pre.map(Self.smolLM2Variant) ?? ModelTokenizers.named(result.model)
        let label = "\(result.model) pre=\(result.pre ?? "-") parse_special=\(result.parse_special)"
        #expect(tokenizer.endOfGenerationTokens == Set(result.eog), "\(label): EOG")
        var matched = 0
        var mismatches = 0
        for (text, expectedText) in zip(corpus.texts, result.ids) {
            let expected = expectedText.split(separator: " ").compactMap { Int32($0) }
            let ids = tokenizer.encode(text, addSpecial: false, parseSpecial: result.parse_special)
            if ids == expected {
                matched += 1
            } else if mismatches < 5 {
                mismatches += 1
                Issue.record("\(label): \(text.prefix(80).debugDescription): ours \(ids.prefix(12)) llama.cpp \(expected.prefix(12))")
            }
        }
        print("corpus \(label): \(matched)/\(corpus.texts.count) texts match llama.cpp")
        #expect(matched == corpus.texts.count)
    }
}
