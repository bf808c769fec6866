import ArgumentParser
import Engine
import Foundation
import Inference
import InferenceTypes
import Tokenizers
import Transformer

/// `swiftlet perplexity`: perplexity of a text file, computed as llama.cpp's `llama-perplexity` does.
struct PerplexityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "perplexity",
        abstract: "Perplexity of a text file over non-overlapping chunks (second half of each chunk scored).")

    @OptionGroup var model: ModelOptions
    @OptionGroup var load: LoadFlags

    @Option(name: .shortAndLong, help: "The text file.")
    var file: String

    @Option(name: [.customShort("c"), .customLong("ctx")], help: "Tokens per chunk.")
    var chunk: Int = 512

    @Flag(help: "Print JSON: ppl, err, chunks, tokens.")
    var json = false

    func run() throws {
        guard chunk >= 4 else { throw ValidationError("-c must be at least 4") }
        guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw CLIError("cannot read \(file)") }
        var flags = load
        flags.context = max(chunk, flags.context ?? chunk)
        let loaded = try loadModel(model, load: flags, slots: 1)
        let plan = PerplexityPlan(text: text, tokenizer: loaded.tokenizer, contextLength: chunk)
        guard plan.hasEnoughTokens else {
            throw CLIError("\(file) tokenizes to \(plan.tokens.count) tokens; at least \(2 * chunk) are needed for -c \(chunk)")
        }
        let acc: PerplexityAccumulator
        do {
            acc = try plan.evaluate(on: loaded.transformer) { c, running in
                if !json {
                    FileHandle.standardError.write(Data(String(format: "[%d]%.4f,", c + 1, running.perplexity).utf8))
                }
            }
        } catch {
            throw CLIError("\(error)")
        }
        if json {
            print(JSONValue.makeObject([
                ("ppl", .double(acc.perplexity)), ("err", .double(acc.error)), ("chunks", .int(Int64(plan.chunkCount))),
                ("tokens", .int(Int64(plan.tokens.count))),
            ]).serialized())
        } else {
            FileHandle.standardError.write(Data("\n".utf8))
            print(String(format: "PPL = %.4f ± %.4f", acc.perplexity, acc.error))
        }
    }
}
