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
        let tokenizer = loaded.tokenizer
        let tokens = tokenizer.encode(text, addSpecial: true, parseSpecial: false)
        let plan = PerplexityPlan(tokens: tokens, contextLength: chunk, bos: tokenizer.addBOS ? tokenizer.bosToken : nil)
        guard plan.hasEnoughTokens else {
            throw CLIError("\(file) tokenizes to \(tokens.count) tokens; at least \(2 * chunk) are needed for -c \(chunk)")
        }
        let transformer = loaded.transformer
        var acc = PerplexityAccumulator()
        let step = transformer.maxBatchTokens
        for c in 0..<plan.chunkCount {
            let ids = plan.chunk(c)
            do {
                try transformer.clear(slot: 0)
                var start = 0
                while start < ids.count {
                    let end = min(start + step, ids.count)
                    let wantsAll = end > plan.firstScored
                    let out = try transformer.forward([BatchEntry(slot: 0, tokens: Array(ids[start..<end]),
                        startPosition: start, logits: wantsAll ? .all : .none)])
                    if wantsAll {
                        for pos in max(start, plan.firstScored)..<min(end, chunk - 1) {
                            let target = Int(plan.target(chunk: c, position: pos))
                            acc.add(logprob: PerplexityAccumulator.logprob(of: target, logits: out.row(pos - start)))
                        }
                    }
                    start = end
                }
            } catch {
                throw CLIError("\(error)")
            }
            if !json {
                FileHandle.standardError.write(Data(String(format: "[%d]%.4f,", c + 1, acc.perplexity).utf8))
            }
        }
        if json {
            print(JSONValue.makeObject([
                ("ppl", .double(acc.perplexity)), ("err", .double(acc.error)), ("chunks", .int(Int64(plan.chunkCount))),
                ("tokens", .int(Int64(tokens.count))),
            ]).serialized())
        } else {
            FileHandle.standardError.write(Data("\n".utf8))
            print(String(format: "PPL = %.4f ± %.4f", acc.perplexity, acc.error))
        }
    }
}
