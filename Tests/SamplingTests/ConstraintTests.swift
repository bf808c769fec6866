import Testing
import InferenceTypes
import Sampling

/// Counts how often the sampler asks for the full mask.
final class CallCounter: @unchecked Sendable {
    var fills = 0
    var checks = 0
}

/// Allows even token ids only, counting calls.
struct EvenTokens: TokenConstraint {
    let counter = CallCounter()
    func allows(token: TokenID) -> Bool {
        counter.checks += 1
        return token % 2 == 0
    }
    func fillMask(into mask: inout TokenMask) {
        counter.fills += 1
        for id in stride(from: 0, to: mask.vocabularySize, by: 2) { mask.allow(TokenID(id)) }
    }
}

@Suite struct ConstraintTests {
    @Test(arguments: [ConstraintMode.sampleFirst, .maskFirst])
    func onlyAllowedTokensComeOut(mode: ConstraintMode) throws {
        let logits = randomLogits(count: 50, seed: 21, spread: 1)
        let constraint = EvenTokens()
        for params in [SamplingParameters(seed: 3), SamplingParameters(temperature: 0.8, topK: 10, topP: 0.9, seed: 4),
                       SamplingParameters(temperature: 0)] {
            var s = try Sampler(parameters: params, vocabularySize: 50)
            for _ in 0..<300 { #expect(try sampleOnce(&s, logits, constraint: constraint, mode: mode).id % 2 == 0) }
        }
    }

    @Test func sampleFirstBuildsTheMaskOnlyWhenTheFirstChoiceIsRejected() throws {
        var s = try Sampler(parameters: .greedy, vocabularySize: 6)
        let constraint = EvenTokens()
        #expect(try sampleOnce(&s, [0, 1, 5, 2, 3, 4], constraint: constraint, mode: .sampleFirst).id == 2)
        #expect(constraint.counter.fills == 0 && constraint.counter.checks == 1)
        // The best token (3) is odd: mask, then the best even token (4).
        #expect(try sampleOnce(&s, [0, 1, 2, 9, 5, 3], constraint: constraint, mode: .sampleFirst).id == 4)
        #expect(constraint.counter.fills == 1)
    }

    @Test func maskFirstAlwaysBuildsTheMask() throws {
        var s = try Sampler(parameters: .greedy, vocabularySize: 6)
        let constraint = EvenTokens()
        for _ in 0..<3 { _ = try sampleOnce(&s, [0, 1, 5, 2, 3, 4], constraint: constraint, mode: .maskFirst) }
        #expect(constraint.counter.fills == 3 && constraint.counter.checks == 0)
    }

    @Test func maskFirstDrawsFromTheMaskedDistribution() throws {
        let logits: [Float] = [0, 1, 0.5, 2, 1]
        var s = try Sampler(parameters: SamplingParameters(seed: 5), vocabularySize: 5)
        var counts = [Double](repeating: 0, count: 5)
        for _ in 0..<20_000 { counts[Int(try sampleOnce(&s, logits, constraint: EvenTokens(), mode: .maskFirst).id)] += 1 }
        #expect(frequenciesMatch(counts.map { $0 / 20_000 }, softmax(logits, keep: [0, 2, 4])))
    }

    @Test func sampleFirstKeepsAcceptedFirstDrawsAndResamplesTheRest() throws {
        // P(t) = p(t) for allowed t, plus P(first draw rejected) × q(t), q = the masked distribution.
        let logits: [Float] = [0, 1, 0.5, 2, 1]
        let p = softmax(logits)
        let q = softmax(logits, keep: [0, 2, 4])
        let rejected = p[1] + p[3]
        let expected = (0..<5).map { $0 % 2 == 0 ? p[$0] + rejected * q[$0] : 0 }
        var s = try Sampler(parameters: SamplingParameters(seed: 6), vocabularySize: 5)
        var counts = [Double](repeating: 0, count: 5)
        for _ in 0..<20_000 { counts[Int(try sampleOnce(&s, logits, constraint: EvenTokens(), mode: .sampleFirst).id)] += 1 }
        #expect(frequenciesMatch(counts.map { $0 / 20_000 }, expected))
    }

    @Test func aMaskAllowingNothingViableIsAnError() throws {
        var s = try Sampler(parameters: SamplingParameters(seed: 1), vocabularySize: 4)
        let none = MaskConstraint(mask: TokenMask(vocabularySize: 4))
        #expect(throws: SamplingError.constraintAllowsNothing) {
            _ = try sampleOnce(&s, [1, 2, 3, 4], constraint: none, mode: .maskFirst)
        }
        // Only token 0 allowed, but its logit is −∞.
        var only0 = TokenMask(vocabularySize: 4)
        only0.allow(0)
        #expect(throws: SamplingError.constraintAllowsNothing) {
            _ = try sampleOnce(&s, [-.infinity, 2, 3, 4], constraint: MaskConstraint(mask: only0), mode: .sampleFirst)
        }
    }

    @Test func forcedTokensBypassTheConstraint() throws {
        var s = try Sampler(parameters: .greedy, vocabularySize: 4)
        var copy: [Float] = [1, 2, 3, 4]
        let t = try copy.withUnsafeMutableBufferPointer {
            try s.sample(logits: $0, constraint: EvenTokens(), mode: .maskFirst, forced: 3)
        }
        #expect(t.id == 3)
    }
}
