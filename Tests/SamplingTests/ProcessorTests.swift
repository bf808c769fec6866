import Foundation
import Testing
import InferenceTypes
import Sampling

/// Each processor of the chain on hand-made logits: the kept set exactly, the probabilities exactly (against a
/// softmax computed here in Double), and the empirical frequencies of seeded draws.
@Suite struct ProcessorTests {
    // MARK: Greedy

    @Test func greedyTakesTheHighestLogitAndTheLowestIdOnTies() throws {
        var s = try Sampler(parameters: .greedy, vocabularySize: 5)
        #expect(try sampleOnce(&s, [1, 5, 3, 5, 2]).id == 1)
        #expect(try sampleOnce(&s, [9, 5, 3, 5, 2]).id == 0)
        #expect(try sampleOnce(&s, [-3, -5, -3, -5, -2]).id == 4)
        #expect(try candidateProbabilities(.greedy, [1, 5, 3, 5, 2]) == [0, 1, 0, 0, 0])
    }

    @Test func greedyOnALargeVocabularyFindsTheFirstMaximum() throws {
        var logits = randomLogits(count: 1000, seed: 3)
        logits[777] = 50
        logits[900] = 50
        logits[999] = 49
        var s = try Sampler(parameters: .greedy, vocabularySize: 1000)
        #expect(try sampleOnce(&s, logits).id == 777)
        logits[777] = 0
        #expect(try sampleOnce(&s, logits).id == 900)
        logits[900] = 0
        #expect(try sampleOnce(&s, logits).id == 999)
    }

    @Test func greedyIgnoresTheGeneratorAndFilters() throws {
        let logits: [Float] = [0, 2, 1]
        for seed: UInt64 in [1, 2, 3] {
            var s = try Sampler(parameters: SamplingParameters(temperature: 0, topK: 2, topP: 0.1, seed: seed), vocabularySize: 3)
            #expect(try sampleOnce(&s, logits).id == 1)
        }
    }

    // MARK: Temperature

    @Test(arguments: [0.5, 1.0, 2.0])
    func temperatureScalesTheDistribution(temperature: Double) throws {
        let logits: [Float] = [0, 1, 2, 3, -1]
        let params = SamplingParameters(temperature: temperature)
        let expected = softmax(logits, temperature: temperature)
        let exact = try candidateProbabilities(params, logits)
        for i in logits.indices { #expect(abs(exact[i] - expected[i]) < 1e-6) }
        #expect(frequenciesMatch(try frequencies(params, logits), expected))
    }

    @Test func lowerTemperatureSharpensAndHigherFlattens() throws {
        let logits: [Float] = [0, 1, 2, 3]
        let cold = try candidateProbabilities(SamplingParameters(temperature: 0.25), logits)
        let warm = try candidateProbabilities(SamplingParameters(temperature: 1), logits)
        let hot = try candidateProbabilities(SamplingParameters(temperature: 2), logits)
        #expect(cold[3] > warm[3] && warm[3] > hot[3])
        #expect(cold[0] < warm[0] && warm[0] < hot[0])
        #expect(abs(cold[3] - softmax(logits, temperature: 0.25)[3]) < 1e-6)
    }

    // MARK: Top-k

    @Test func topKKeepsExactlyKWithLowerIdsWinningTies() throws {
        let logits: [Float] = [0.5, 3, 1, 2.5, 2, -1, 3]
        let k3 = try candidateProbabilities(SamplingParameters(topK: 3), logits)
        #expect(support(k3) == [1, 3, 6])
        let expected = softmax(logits, keep: [1, 3, 6])
        for i in logits.indices { #expect(abs(k3[i] - expected[i]) < 1e-6) }
        #expect(support(try candidateProbabilities(SamplingParameters(topK: 2), logits)) == [1, 6])
        #expect(support(try candidateProbabilities(SamplingParameters(topK: 1), logits)) == [1])
        #expect(support(try candidateProbabilities(SamplingParameters(topK: 2), [2, 1, 1, 1, 0])) == [0, 1])
        #expect(frequenciesMatch(try frequencies(SamplingParameters(topK: 3), logits), expected))
    }

    @Test func topKOnALargeVocabularyMatchesASort() throws {
        let logits = randomLogits(count: 5000, seed: 11)
        let order = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        for k in [1, 7, 40, 300, 4999] {
            let got = support(try candidateProbabilities(SamplingParameters(topK: k), logits))
            #expect(got == Set(order.prefix(k)), "k=\(k)")
        }
        // Equal logits everywhere: the k lowest ids.
        let flat = [Float](repeating: 0.25, count: 3000)
        #expect(support(try candidateProbabilities(SamplingParameters(topK: 100), flat)) == Set(0..<100))
    }

    // MARK: Top-p

    /// Probabilities 1/2, 1/4, 1/8, 1/16, 1/16.
    static let halves = logits(fromProbabilities: [0.5, 0.25, 0.125, 0.0625, 0.0625])

    @Test(arguments: [
        (0.0, [0]), (0.3, [0]), (0.74, [0, 1]), (0.76, [0, 1, 2]),
        (0.9, [0, 1, 2, 3]),  // 3 and 4 tie at 1/16: the lower id is kept, 4 is not
        (0.95, [0, 1, 2, 3, 4]), (1.0, [0, 1, 2, 3, 4]),
    ] as [(Double, Set<Int>)])
    func topPKeepsTheSmallestPrefixReachingP(p: Double, kept: Set<Int>) throws {
        let got = try candidateProbabilities(SamplingParameters(topP: p), Self.halves)
        #expect(support(got) == kept)
        let expected = softmax(Self.halves, keep: kept)
        for i in got.indices { #expect(abs(got[i] - expected[i]) < 1e-6) }
    }

    @Test func topPDrawsFollowTheRenormalisedDistribution() throws {
        let params = SamplingParameters(topP: 0.8)
        #expect(frequenciesMatch(try frequencies(params, Self.halves), softmax(Self.halves, keep: [0, 1, 2])))
    }

    @Test func topPOnAFlatVocabularyKeepsTheLowestIds() throws {
        let flat = [Float](repeating: 0, count: 5000)
        let got = try candidateProbabilities(SamplingParameters(topP: 0.5), flat)
        #expect(support(got) == Set(0..<2500))
    }

    @Test func topPFallsBackToTheWholeVocabularyWhenTheLikelyTokensAreNotEnough() throws {
        // One token at 0 and 100,000 at −21 (weight e⁻²¹ each, below the prefilter): reaching p needs the tail.
        var logits = [Float](repeating: -21, count: 100_001)
        logits[0] = 0
        let w = Foundation.exp(-21.0)
        let z = 1 + 100_000 * w
        let p = 0.99999
        let neededTail = Int(((p * z - 1) / w).rounded(.up))
        let got = try candidateProbabilities(SamplingParameters(topP: p), logits)
        let kept = support(got)
        #expect(kept.contains(0))
        #expect(abs(kept.count - 1 - neededTail) <= neededTail / 100, "kept \(kept.count - 1) of the tail, expected \(neededTail)")
        #expect(kept == Set(0..<kept.count))
    }

    @Test func topPIsMeasuredAfterTopK() throws {
        let logits = logits(fromProbabilities: [0.4, 0.3, 0.2, 0.1])
        // After top-k 2 the probabilities are 4/7 and 3/7, so p = 0.5 needs only the first.
        #expect(support(try candidateProbabilities(SamplingParameters(topK: 2, topP: 0.5), logits)) == [0])
        #expect(support(try candidateProbabilities(SamplingParameters(topP: 0.5), logits)) == [0, 1])
    }

    // MARK: Min-p

    @Test(arguments: [(0.05, [0, 1, 2, 3, 4]), (0.2, [0, 1, 2]), (0.45, [0, 1]), (0.55, [0]), (1.0, [0])] as [(Double, Set<Int>)])
    func minPKeepsTokensAboveAFractionOfTheBest(minP: Double, kept: Set<Int>) throws {
        let got = try candidateProbabilities(SamplingParameters(minP: minP), Self.halves)
        #expect(support(got) == kept)
        let expected = softmax(Self.halves, keep: kept)
        for i in got.indices { #expect(abs(got[i] - expected[i]) < 1e-6) }
    }

    @Test func minPIsMeasuredAfterTemperature() throws {
        // At T = 2 the weights relative to the best are (pᵢ/p₀)^½: 1, 0.71, 0.5, 0.35, 0.35.
        #expect(support(try candidateProbabilities(SamplingParameters(temperature: 2, minP: 0.4), Self.halves)) == [0, 1, 2])
        #expect(support(try candidateProbabilities(SamplingParameters(temperature: 1, minP: 0.4), Self.halves)) == [0, 1])
    }

    @Test func minPWithTopPKeepsTheSmallerSet() throws {
        #expect(support(try candidateProbabilities(SamplingParameters(topP: 0.95, minP: 0.2), Self.halves)) == [0, 1, 2])
        #expect(support(try candidateProbabilities(SamplingParameters(topP: 0.7, minP: 0.1), Self.halves)) == [0, 1])
        let params = SamplingParameters(minP: 0.2)
        #expect(frequenciesMatch(try frequencies(params, Self.halves), softmax(Self.halves, keep: [0, 1, 2])))
    }
}
