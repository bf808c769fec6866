import Engine
import Foundation
import GGUF
import Tokenizers
import Transformer

/// Perplexity of the catalog models against llama.cpp's, shared by `PerplexityCommandTests` (through `swiftlet
/// perplexity`) and the `SwiftletParity` executable (in-process, on the portable build in `scripts/test.sh`): the
/// text ``textPath`` at ``contextLength`` tokens per chunk, within ``tolerance`` (relative) of llama.cpp's figure.
public enum PerplexityCheck {
    /// The text: GPL-3 as Debian ships it (every Debian machine has it).
    public static let textPath = "/usr/share/common-licenses/GPL-3"
    /// Tokens per chunk (`-c`).
    public static let contextLength = 512
    /// The largest relative difference from llama.cpp's perplexity that passes.
    public static let tolerance = 0.005

    /// One model's reference: llama.cpp build 11549's `llama-perplexity -f GPL-3 -c 512` on its file.
    public struct Reference: Sendable, CustomStringConvertible {
        public let modelFile: String
        public let catalogID: String
        public let llamaCpp: Double
        public var description: String { catalogID }
    }

    /// The references, one per catalog model the parity fixtures cover.
    public static let references = [
        Reference(modelFile: TestPaths.smolLM2, catalogID: "smollm2-135m-instruct", llamaCpp: 18.3459),
        Reference(modelFile: TestPaths.gemma3, catalogID: "gemma-3-270m", llamaCpp: 13.8844),
    ]

    /// Whether `perplexity` is within ``tolerance`` of `reference`'s.
    public static func passes(_ perplexity: Double, _ reference: Reference) -> Bool {
        abs(perplexity - reference.llamaCpp) / reference.llamaCpp < tolerance
    }

    /// Evaluates `reference`'s model in this process, as `swiftlet perplexity -c 512` does (batches of 64 rows, the
    /// CLI's default), and returns its perplexity.
    public static func run(_ reference: Reference) throws -> Double {
        let file = try GGUFFile(path: try TestPaths.model(fileName: reference.modelFile))
        let tokenizer = try Tokenizer.load(from: file)
        let model = try TransformerModel(
            file: file, options: TransformerOptions(contextLength: contextLength, maxBatchTokens: 64))
        let plan = PerplexityPlan(
            text: try String(contentsOfFile: textPath, encoding: .utf8), tokenizer: tokenizer,
            contextLength: contextLength)
        return try plan.evaluate(on: model).perplexity
    }
}
