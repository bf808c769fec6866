import Foundation
import GGUF
import TestSupport
import Tokenizers

/// The catalog models' tokenizers, loaded once per test process.
enum ModelTokenizers {
    /// SmolLM2-135M-Instruct (byte-level BPE, `smollm`).
    static let smolLM2: Result<Tokenizer, any Error> = load(TestPaths.smolLM2)
    /// Gemma 3 270M (SentencePiece, 262k vocabulary).
    static let gemma3: Result<Tokenizer, any Error> = load(TestPaths.gemma3)

    private static func load(_ fileName: String) -> Result<Tokenizer, any Error> {
        Result {
            let file = try GGUFFile(path: try TestPaths.model(fileName: fileName))
            return try Tokenizer.load(from: file)
        }
    }

    /// The tokenizer for a model file name.
    static func named(_ fileName: String) throws -> Tokenizer {
        switch fileName {
        case TestPaths.smolLM2: return try smolLM2.get()
        case TestPaths.gemma3: return try gemma3.get()
        default: throw CocoaError(.fileNoSuchFile)
        }
    }
}

/// One case of `fixtures/tokenizer/<model>.json`.
struct TokenizerFixtureCase: Decodable, Sendable {
    let text: String
    let parse_special: Bool
    let add_special: Bool
    let ids: [Int32]
}

/// A whole `fixtures/tokenizer/<model>.json` file.
struct TokenizerFixture: Decodable, Sendable {
    let model: String
    let cases: [TokenizerFixtureCase]

    /// Reads the fixture of a model file (`SmolLM2-135M-Instruct.Q4_1.gguf` → `SmolLM2-135M-Instruct.Q4_1.json`).
    static func load(for modelFile: String) throws -> TokenizerFixture {
        let name = (modelFile as NSString).deletingPathExtension + ".json"
        let data = try Data(contentsOf: TestPaths.fixture("tokenizer/" + name))
        return try JSONDecoder().decode(TokenizerFixture.self, from: data)
    }
}
