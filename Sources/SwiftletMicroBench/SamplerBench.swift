import Foundation
import InferenceTypes
import Sampling

/// The time per `sample` call at Gemma's vocabulary size (262,144): medians over many calls (the machine is shared),
/// each call timed alone, with the cost of restoring the logits subtracted; and the vector kernels alone.
enum SamplerBench {
    static let vocabulary = 262_144
    static let runs = 201

    /// LLM-like logits: a broad bulk (σ ≈ 2) plus two dozen clear favourites 16 … 6.8 above it.
    static func gemmaLikeLogits() -> [Float] {
        var rng = BenchRandom(seed: 2024)
        var logits = rng.values(vocabulary, spread: 2)
        var g = Sampling.SplitMix64(state: 7)
        for k in 0..<24 { logits[Int(g.next() % UInt64(vocabulary))] = 16 - Float(k) * 0.4 }
        return logits
    }

    static func format(_ us: Double) -> String { String(format: "%8.1f µs", us) }

    static func run() throws {
        let pristine = gemmaLikeLogits()
        var buffer = pristine
        func restore(_ dst: UnsafeMutableBufferPointer<Float>, from src: [Float]) {
            src.withUnsafeBufferPointer { _ = dst.update(fromContentsOf: $0) }
        }
        let copy = buffer.withUnsafeMutableBufferPointer { dst in Timing.median(runs: runs) { restore(dst, from: pristine) } }
        print("sampler: vocabulary \(vocabulary), median of \(runs) calls; restoring the logits (\(format(copy))) is subtracted")

        pristine.withUnsafeBufferPointer { p in
            let m = LogitMath.maximum(p)
            let kernels: [(String, () -> Void)] = [
                ("kernel maximum", { _ = LogitMath.maximum(p) }),
                ("kernel sumExp", { _ = LogitMath.sumExp(p, offset: m, scale: 1) }),
                ("kernel weightLevels", { _ = LogitMath.weightLevels(p, max: m, invTemperature: 1) }),
                ("kernel countAbove", { _ = LogitMath.countAbove(p, max: m) }),
                ("kernel drawIndex (middle)", { _ = LogitMath.drawIndex(p, max: m, invTemperature: 1, target: 1.5) }),
            ]
            for (name, body) in kernels { print("sampler: \(name): \(format(Timing.median(runs: runs, body)))") }
        }

        var flatRandom = BenchRandom(seed: 5)
        let flat = flatRandom.values(vocabulary, spread: 0.3)
        let cases: [(String, SamplingParameters, [Float])] = [
            ("greedy", .greedy, pristine),
            ("greedy + logprobs (top 5)", SamplingParameters(temperature: 0, logprobs: true, topLogprobs: 5), pristine),
            ("temperature 1 + top-p 0.9", SamplingParameters(topP: 0.9, seed: 1), pristine),
            ("temperature 1 + top-p 0.9 + logprobs (top 5)",
             SamplingParameters(topP: 0.9, seed: 1, logprobs: true, topLogprobs: 5), pristine),
            ("temperature 0.7 + top-p 0.9", SamplingParameters(temperature: 0.7, topP: 0.9, seed: 1), pristine),
            ("temperature 1 + top-k 40", SamplingParameters(topK: 40, seed: 1), pristine),
            ("temperature 1 + top-k 40 + top-p 0.9 + min-p 0.05",
             SamplingParameters(topK: 40, topP: 0.9, minP: 0.05, seed: 1), pristine),
            ("temperature 1, no filter", SamplingParameters(seed: 1), pristine),
            ("temperature 1 + min-p 0.05", SamplingParameters(minP: 0.05, seed: 1), pristine),
            ("penalties (window 64, 500 generated) + top-p 0.9",
             SamplingParameters(topP: 0.9, presencePenalty: 0.5, frequencyPenalty: 0.5, repetitionPenalty: 1.1, seed: 1),
             pristine),
            ("flat logits (σ 0.3), top-p 0.9: keeps ~90% of the vocabulary", SamplingParameters(topP: 0.9, seed: 1), flat),
            ("flat logits (σ 0.3), top-k 40", SamplingParameters(topK: 40, seed: 1), flat),
        ]
        for (name, params, logits) in cases {
            var sampler = try Sampler(
                parameters: params, vocabularySize: logits.count, prompt: (0..<64).map { TokenID($0 * 97) })
            if params.frequencyPenalty != 0 {
                for i in 0..<500 { try sampler.accept(TokenID(i * 31 % vocabulary)) }
            }
            var sink: Int32 = 0
            let t = try buffer.withUnsafeMutableBufferPointer { dst in
                try Timing.median(runs: runs) {
                    restore(dst, from: logits)
                    sink &+= try sampler.sample(logits: dst).id
                }
            }
            print("sampler: \(name): \(format(t - copy)) per call (checksum \(sink))")
        }
    }
}
