import Foundation
import Testing
import InferenceTypes
import Sampling

/// Prints the time per `sample` call at Gemma's vocabulary size (262,144). Never fails on timing; run it with
/// `swift test -c release --filter samplerThroughput` for meaningful numbers.
@Suite struct ThroughputTests {
    /// LLM-like logits: a broad bulk plus a few clear favourites.
    static func gemmaLikeLogits() -> [Float] {
        var logits = randomLogits(count: 262_144, seed: 2024, spread: 2)
        var g = SplitMix64(state: 7)
        for k in 0..<24 { logits[Int(g.next() % 262_144)] = 16 - Float(k) * 0.4 }
        return logits
    }

    static func microseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }

    @Test func samplerThroughput() throws {
        let iterations = _isDebugAssertConfiguration() ? 3 : 300
        let pristine = Self.gemmaLikeLogits()
        var work = pristine
        let clock = ContinuousClock()

        // The cost of restoring the logits before each call, subtracted below.
        let copyTime = clock.measure {
            for _ in 0..<iterations {
                work.withUnsafeMutableBufferPointer { dst in
                    pristine.withUnsafeBufferPointer { src in _ = dst.update(fromContentsOf: src) }
                }
            }
        }
        let copyEach = Self.microseconds(copyTime) / Double(iterations)

        let cases: [(String, SamplingParameters, [Float])] = [
            ("greedy", .greedy, pristine),
            ("greedy + logprobs (top 5)", SamplingParameters(temperature: 0, logprobs: true, topLogprobs: 5), pristine),
            ("temperature 1 + top-p 0.9", SamplingParameters(topP: 0.9, seed: 1), pristine),
            ("temperature 0.7 + top-p 0.9 + logprobs (top 5)",
             SamplingParameters(temperature: 0.7, topP: 0.9, seed: 1, logprobs: true, topLogprobs: 5), pristine),
            ("temperature 1 + top-k 40", SamplingParameters(topK: 40, seed: 1), pristine),
            ("temperature 1, no filter (full vocabulary)", SamplingParameters(seed: 1), pristine),
            ("temperature 1 + min-p 0.05", SamplingParameters(minP: 0.05, seed: 1), pristine),
            ("penalties (window 64, 500 generated) + top-p 0.9",
             SamplingParameters(topP: 0.9, presencePenalty: 0.5, frequencyPenalty: 0.5, repetitionPenalty: 1.1, seed: 1),
             pristine),
            ("top-p 0.9 on flat logits (worst case)", SamplingParameters(topP: 0.9, seed: 1),
             randomLogits(count: 262_144, seed: 5, spread: 0.3)),
        ]
        print("samplerThroughput: vocabulary 262,144, \(iterations) calls each, restore copy \(String(format: "%.1f", copyEach)) µs subtracted")
        for (name, params, logits) in cases {
            var sampler = try Sampler(parameters: params, vocabularySize: logits.count, prompt: (0..<64).map { TokenID($0 * 97) })
            if params.frequencyPenalty != 0 {
                for i in 0..<500 { try sampler.accept(TokenID(i * 31 % 262_144)) }
            }
            var sink: Int32 = 0
            var buffer = logits
            let elapsed = try clock.measure {
                for _ in 0..<iterations {
                    try buffer.withUnsafeMutableBufferPointer { dst in
                        logits.withUnsafeBufferPointer { src in _ = dst.update(fromContentsOf: src) }
                        sink &+= try sampler.sample(logits: dst).id
                    }
                }
            }
            let each = Self.microseconds(elapsed) / Double(iterations) - copyEach
            print("samplerThroughput: \(name): \(String(format: "%.1f", each)) µs per call (token sum \(sink))")
        }
    }
}
