import Foundation
import Testing
import InferenceTypes
import Sampling

/// Prints the time per `sample` call at Gemma's vocabulary size (262,144). Never fails on timing; run it with
/// `swift test -c release --filter samplerThroughput` for meaningful numbers. Times are medians over many calls
/// (the machine is shared), each call timed alone, with the cost of restoring the logits subtracted.
@Suite struct ThroughputTests {
    static let vocabulary = 262_144

    /// LLM-like logits: a broad bulk (σ ≈ 2) plus two dozen clear favourites 16 … 6.8 above it.
    static func gemmaLikeLogits() -> [Float] {
        var logits = randomLogits(count: vocabulary, seed: 2024, spread: 2)
        var g = SplitMix64(state: 7)
        for k in 0..<24 { logits[Int(g.next() % UInt64(vocabulary))] = 16 - Float(k) * 0.4 }
        return logits
    }

    static func microseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }

    /// The median time of `body` over `runs` runs, in µs.
    static func median(runs: Int, _ body: () throws -> Void) rethrows -> Double {
        let clock = ContinuousClock()
        var times: [Double] = []
        times.reserveCapacity(runs)
        for _ in 0..<runs {
            let t = try clock.measure(body)
            times.append(microseconds(t))
        }
        times.sort()
        return times[times.count / 2]
    }

    static func format(_ us: Double) -> String { String(format: "%8.1f µs", us) }

    @Test func samplerThroughput() throws {
        let runs = _isDebugAssertConfiguration() ? 3 : 201
        let pristine = Self.gemmaLikeLogits()
        var buffer = pristine
        func restore(_ dst: UnsafeMutableBufferPointer<Float>, from src: [Float]) {
            src.withUnsafeBufferPointer { _ = dst.update(fromContentsOf: $0) }
        }
        let copy = buffer.withUnsafeMutableBufferPointer { dst in Self.median(runs: runs) { restore(dst, from: pristine) } }
        print("samplerThroughput: vocabulary \(Self.vocabulary), median of \(runs) calls; restoring the logits (\(Self.format(copy))) is subtracted")

        // The kernels alone.
        pristine.withUnsafeBufferPointer { p in
            let m = LogitMath.maximum(p)
            let kernels: [(String, () -> Void)] = [
                ("kernel maximum", { _ = LogitMath.maximum(p) }),
                ("kernel sumExp", { _ = LogitMath.sumExp(p, offset: m, scale: 1) }),
                ("kernel weightLevels", { _ = LogitMath.weightLevels(p, max: m, invTemperature: 1) }),
                ("kernel countAbove", { _ = LogitMath.countAbove(p, max: m) }),
                ("kernel drawIndex (middle)", { _ = LogitMath.drawIndex(p, max: m, invTemperature: 1, target: 1.5) }),
            ]
            for (name, body) in kernels { print("samplerThroughput: \(name): \(Self.format(Self.median(runs: runs, body)))") }
        }

        let flat = randomLogits(count: Self.vocabulary, seed: 5, spread: 0.3)
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
                for i in 0..<500 { try sampler.accept(TokenID(i * 31 % Self.vocabulary)) }
            }
            var sink: Int32 = 0
            let t = try buffer.withUnsafeMutableBufferPointer { dst in
                try Self.median(runs: runs) {
                    restore(dst, from: logits)
                    sink &+= try sampler.sample(logits: dst).id
                }
            }
            print("samplerThroughput: \(name): \(Self.format(t - copy)) per call (checksum \(sink))")
        }
    }
}
