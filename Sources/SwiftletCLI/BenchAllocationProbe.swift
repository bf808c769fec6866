import Engine
import Foundation
import InferenceTypes
import Tokenizers

/// `swiftlet bench --count-allocs`: counts heap allocations (every thread) during decode steps, after warm-up
/// steps that are counted separately (buffers that grow once per sequence, such as a detokenizer's, grow there).
///
/// Two paths are probed: the forward pass alone as the speed tests run it (`forward`), and whole engine steps as
/// the server runs them — plan, forward, sample, detokenize, stop checks, event — through ``EngineStepper``, once
/// per sampler setting (greedy; temperature with top-k, top-p, min-p and a repetition penalty; the same with 5
/// log-probabilities per token, whose event carries a new array of alternatives per token).
struct BenchAllocationProbe {
    /// What one probe counted.
    struct Outcome {
        var path: String
        var sampler: String
        var sequences: Int
        var depth: Int
        var warmupSteps: Int
        var steps: Int
        var warmup: AllocationCounter.Snapshot
        var measured: AllocationCounter.Snapshot

        func json() -> JSONValue {
            .makeObject([
                ("path", .string(path)), ("sampler", .string(sampler)), ("n_seqs", .int(Int64(sequences))),
                ("n_depth", .int(Int64(depth))), ("warmup_steps", .int(Int64(warmupSteps))),
                ("warmup_allocs", .int(Int64(warmup.allocations))), ("steps", .int(Int64(steps))),
                ("allocs", .int(Int64(measured.allocations))), ("frees", .int(Int64(measured.frees))),
                ("alloc_bytes", .int(Int64(measured.bytes))),
                ("allocs_per_step", .double(Double(measured.allocations) / Double(max(steps, 1)))),
            ])
        }

        var line: String {
            let perStep = String(format: "%.2f", Double(measured.allocations) / Double(max(steps, 1)))
            return "\(path) \(sampler): \(sequences) seq, depth \(depth): \(measured.allocations) allocations in \(steps) "
                + "steps (\(perStep) per step, \(measured.frees) frees); warm-up \(warmupSteps) steps: "
                + "\(warmup.allocations)"
        }
    }

    /// Sampler settings probed on the engine path.
    static let samplers: [(name: String, parameters: SamplingParameters)] = [
        ("greedy", .greedy),
        ("temperature", SamplingParameters(temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05,
            repetitionPenalty: 1.1, seed: 42)),
        ("logprobs", SamplingParameters(temperature: 0.8, topK: 40, topP: 0.95, minP: 0.05,
            repetitionPenalty: 1.1, seed: 42, logprobs: true, topLogprobs: 5)),
    ]

    let counter: AllocationCounter
    /// Engine steps before counting: the first one prefills the prompt and samples the first token.
    static let warmupSteps = 3

    /// The speed test's decode loop: `steps` forward calls of one token per sequence after `depth` positions.
    func forward(_ runner: BenchRunner, sequences: Int, depth: Int, steps: Int) throws -> Outcome {
        let test = BenchTest(nPrompt: 0, nGen: steps, nDepth: depth, nSeqs: sequences)
        let warmStart = counter.snapshot()
        _ = try runner.runOnce(BenchTest(nPrompt: 0, nGen: Self.warmupSteps, nDepth: depth, nSeqs: sequences))
        runner.prepare(test)
        try runner.fillDepth(test)
        let start = counter.snapshot()
        try runner.runTimed(test)
        let end = counter.snapshot()
        return Outcome(path: "forward", sampler: "none", sequences: sequences, depth: depth,
            warmupSteps: Self.warmupSteps, steps: steps, warmup: start.since(warmStart), measured: end.since(start))
    }

    /// Whole engine steps for `sequences` sequences whose prompt is `prompt`, with `sampling`.
    func engine(
        model: TransformerBatchModel, tokenizer: Tokenizer, prompt: [TokenID], sampler: String,
        sampling: SamplingParameters, sequences: Int, steps: Int
    ) throws -> Outcome {
        let stepper = EngineStepper(model: model, tokenizer: tokenizer)
        for _ in 0..<sequences {
            do {
                try stepper.add(SequenceRequest(prompt: prompt, sampling: sampling,
                    maxTokens: Self.warmupSteps + steps + 1, ignoreEndOfGeneration: true))
            } catch {
                throw CLIError("allocation probe: \(error)")
            }
        }
        let warmStart = counter.snapshot()
        for _ in 0..<Self.warmupSteps { try stepper.step() }
        let start = counter.snapshot()
        for _ in 0..<steps { try stepper.step() }
        let end = counter.snapshot()
        guard stepper.activeCount == sequences else {
            throw CLIError("allocation probe: a sequence ended early (\(stepper.activeCount) of \(sequences) running)")
        }
        return Outcome(path: "engine", sampler: sampler, sequences: sequences, depth: prompt.count,
            warmupSteps: Self.warmupSteps, steps: steps, warmup: start.since(warmStart), measured: end.since(start))
    }
}
