import Foundation
import InferenceTypes
import Sampling

/// Samples once from a copy of `logits` (the sampler edits its buffer in place).
func sampleOnce(_ sampler: inout Sampler, _ logits: [Float], forced: TokenID? = nil) throws -> SampledToken {
    var copy = logits
    return try copy.withUnsafeMutableBufferPointer { try sampler.sample(logits: $0, forced: forced) }
}

/// Samples once with a constraint.
func sampleOnce(
    _ sampler: inout Sampler, _ logits: [Float], constraint: some TokenConstraint, mode: ConstraintMode
) throws -> SampledToken {
    var copy = logits
    return try copy.withUnsafeMutableBufferPointer { try sampler.sample(logits: $0, constraint: constraint, mode: mode) }
}

/// The logits after the sampler's in-place edits (bias, penalties), as left by `distribution`.
func editedLogits(_ sampler: inout Sampler, _ logits: [Float]) throws -> [Float] {
    var copy = logits
    _ = try copy.withUnsafeMutableBufferPointer { try sampler.distribution(logits: $0) }
    return copy
}

/// The sampler's final candidate distribution as a dense array indexed by token id (0 for dropped tokens).
func candidateProbabilities(_ params: SamplingParameters, _ logits: [Float]) throws -> [Double] {
    var sampler = try Sampler(parameters: params, vocabularySize: logits.count)
    var copy = logits
    let dist = try copy.withUnsafeMutableBufferPointer { try sampler.distribution(logits: $0) }
    var dense = [Double](repeating: 0, count: logits.count)
    for (id, p) in dist { dense[Int(id)] = p }
    return dense
}

/// Empirical token frequencies over `draws` seeded draws from the same logits (nothing accepted in between).
func frequencies(_ params: SamplingParameters, _ logits: [Float], draws: Int = 20_000) throws -> [Double] {
    var p = params
    if p.seed == nil { p.seed = 1234 }
    var sampler = try Sampler(parameters: p, vocabularySize: logits.count)
    var counts = [Int](repeating: 0, count: logits.count)
    for _ in 0..<draws { counts[Int(try sampleOnce(&sampler, logits).id)] += 1 }
    return counts.map { Double($0) / Double(draws) }
}

/// Exact softmax in Double of `logits / temperature`, restricted to `keep` (others get 0).
func softmax(_ logits: [Float], temperature: Double = 1, keep: Set<Int>? = nil) -> [Double] {
    let ids = keep ?? Set(logits.indices)
    let m = ids.map { Double(logits[$0]) }.max() ?? 0
    var out = [Double](repeating: 0, count: logits.count)
    var total = 0.0
    for i in ids {
        out[i] = Foundation.exp((Double(logits[i]) - m) / temperature)
        total += out[i]
    }
    return out.map { $0 / total }
}

/// Exact log-softmax in Double of the raw logits (NaN treated as −∞).
func logSoftmax(_ logits: [Float]) -> [Double] {
    let xs = logits.map { $0.isNaN ? -Double.infinity : Double($0) }
    let m = xs.max() ?? 0
    let lse = m + Foundation.log(xs.reduce(0) { $0 + Foundation.exp($1 - m) })
    return xs.map { $0 - lse }
}

/// Whether empirical frequencies match exact probabilities: within 5 standard errors (+0.002) for every token.
func frequenciesMatch(_ observed: [Double], _ expected: [Double], draws: Int = 20_000) -> Bool {
    zip(observed, expected).allSatisfy { o, e in
        abs(o - e) <= 5 * (e * (1 - e) / Double(draws)).squareRoot() + 0.002
    }
}

/// The ids with non-zero entries.
func support(_ probabilities: [Double]) -> Set<Int> {
    Set(probabilities.indices.filter { probabilities[$0] > 0 })
}

/// `log(p)` for each probability: logits whose softmax is exactly `p`.
func logits(fromProbabilities p: [Double]) -> [Float] { p.map { Float(Foundation.log($0)) } }

/// Deterministic pseudo-random logits (N(0, spread²)-ish via a sum of uniforms), independent of the sampler's RNG.
func randomLogits(count: Int, seed: UInt64, spread: Float = 3) -> [Float] {
    var g = SplitMix64(state: seed)
    return (0..<count).map { _ in
        var s: Float = 0
        for _ in 0..<4 { s += Float(g.next() >> 40) / Float(1 << 24) }
        return (s - 2) * spread * 1.7
    }
}
