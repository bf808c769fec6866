import ArgumentParser
import InferenceTypes

/// Sampling flags shared by `run` and `chat` (llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95).
struct SamplingOptions: ParsableArguments {
    @Option(help: "Most tokens to generate.")
    var maxTokens: Int = 256

    @Option(help: "Temperature; 0 = greedy.")
    var temperature: Double = 0.8

    @Option(help: "Keep the K most likely tokens (0 = off).")
    var topK: Int = 40

    @Option(help: "Nucleus sampling mass (1 = off).")
    var topP: Double = 0.95

    @Option(help: "Drop tokens below this fraction of the top token's probability (0 = off).")
    var minP: Double = 0.05

    @Option(help: "Repetition penalty over the last 64 tokens (1 = off).")
    var repeatPenalty: Double = 1

    @Option(help: "Random seed (default: random).")
    var seed: UInt64?

    func parameters(logprobs: Int = 0) throws -> SamplingParameters {
        let p = SamplingParameters(
            temperature: temperature, topK: topK, topP: topP, minP: minP, repetitionPenalty: repeatPenalty,
            seed: seed, logprobs: logprobs > 0, topLogprobs: logprobs)
        do { try p.validate() } catch { throw ValidationError(error.description) }
        guard maxTokens >= 1 else { throw ValidationError("--max-tokens must be at least 1") }
        return p
    }
}

/// `--context`, `--threads`: how the model is loaded.
struct LoadFlags: ParsableArguments {
    @Option(help: "Context length per sequence (default: the model's, at most 8192).")
    var context: Int?

    @Option(help: "Worker threads (default: every core).")
    var threads: Int?
}
