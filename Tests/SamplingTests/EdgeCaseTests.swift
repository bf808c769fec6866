import Foundation
import Testing
import InferenceTypes
import Sampling

/// Degenerate inputs: never a crash, always a defined answer or a typed error.
@Suite struct EdgeCaseTests {
    static let chains: [SamplingParameters] = [
        .greedy, SamplingParameters(), SamplingParameters(temperature: 0.5, topK: 3),
        SamplingParameters(topP: 0.9), SamplingParameters(minP: 0.3), SamplingParameters(temperature: 1.5, topK: 2, topP: 0.5, minP: 0.1),
    ]

    @Test(arguments: chains)
    func allMinusInfinityButOne(params: SamplingParameters) throws {
        var logits = [Float](repeating: -.infinity, count: 40)
        logits[17] = -3
        var p = params
        p.seed = 1
        p.logprobs = true
        var s = try Sampler(parameters: p, vocabularySize: 40)
        for _ in 0..<50 {
            let t = try sampleOnce(&s, logits)
            #expect(t.id == 17)
            #expect(t.logprob == 0)
        }
    }

    @Test(arguments: chains)
    func nanIsMinusInfinity(params: SamplingParameters) throws {
        var p = params
        p.seed = 2
        p.logprobs = true
        var s = try Sampler(parameters: p, vocabularySize: 4)
        for _ in 0..<200 {
            let t = try sampleOnce(&s, [.nan, 1, .nan, 0.5])
            #expect(t.id == 1 || t.id == 3)
            #expect(abs(Double(t.logprob ?? 0) - logSoftmax([.nan, 1, .nan, 0.5])[Int(t.id)]) < 1e-5)
        }
    }

    @Test func plusInfinityTokensShareTheMass() throws {
        var s = try Sampler(parameters: SamplingParameters(seed: 3, logprobs: true), vocabularySize: 4)
        var counts = [0, 0, 0, 0]
        for _ in 0..<4000 {
            let t = try sampleOnce(&s, [0, .infinity, 3, .infinity])
            counts[Int(t.id)] += 1
            #expect(abs(Double(t.logprob ?? 0) + Foundation.log(2)) < 1e-6)
        }
        #expect(counts[0] == 0 && counts[2] == 0)
        #expect(abs(counts[1] - 2000) < 200)
        var g = try Sampler(parameters: .greedy, vocabularySize: 4)
        #expect(try sampleOnce(&g, [0, .infinity, 3, .infinity]).id == 1)
    }

    @Test(arguments: chains)
    func nothingViableIsAnError(params: SamplingParameters) throws {
        var s = try Sampler(parameters: params, vocabularySize: 3)
        #expect(throws: SamplingError.noViableToken) { _ = try sampleOnce(&s, [.nan, .nan, .nan]) }
        #expect(throws: SamplingError.noViableToken) { _ = try sampleOnce(&s, [-.infinity, -.infinity, .nan]) }
    }

    @Test(arguments: chains)
    func vocabularyOfOne(params: SamplingParameters) throws {
        var p = params
        p.logprobs = true
        p.topLogprobs = 3
        var s = try Sampler(parameters: p, vocabularySize: 1)
        let t = try sampleOnce(&s, [3])
        #expect(t.id == 0 && t.logprob == 0 && t.top.map(\.id) == [0])
    }

    @Test func topKLargerThanTheVocabularyIsNoFilter() throws {
        let logits: [Float] = [0, 1, 2, 0.5, -1]
        let all = try candidateProbabilities(SamplingParameters(), logits)
        #expect(try candidateProbabilities(SamplingParameters(topK: 100), logits) == all)
        #expect(try candidateProbabilities(SamplingParameters(topK: 5), logits) == all)
        // More than the finite tokens, fewer than the vocabulary: the finite ones.
        let got = try candidateProbabilities(SamplingParameters(topK: 4), [0, -.infinity, 2, -.infinity, 1])
        #expect(support(got) == [0, 2, 4])
    }

    @Test func topPZeroIsTheBestTokenAndOneIsEverything() throws {
        let logits: [Float] = [0, 3, 2, 3, -1]
        #expect(support(try candidateProbabilities(SamplingParameters(topP: 0), logits)) == [1])
        #expect(support(try candidateProbabilities(SamplingParameters(topP: 1), logits)) == [0, 1, 2, 3, 4])
    }

    @Test func extremeFiniteValuesStayFinite() throws {
        let logits: [Float] = [.greatestFiniteMagnitude, -.greatestFiniteMagnitude, 0]
        var s = try Sampler(
            parameters: SamplingParameters(presencePenalty: -2, repetitionPenalty: 0.001, logitBias: [0: 100], seed: 1),
            vocabularySize: 3, prompt: [0, 1])
        try s.accept(0)
        for _ in 0..<20 { #expect(try sampleOnce(&s, logits).id == 0) }
    }

    @Test func tinyTemperatureIsGreedy() throws {
        var s = try Sampler(parameters: SamplingParameters(temperature: 1e-40, seed: 1), vocabularySize: 3)
        for _ in 0..<20 { #expect(try sampleOnce(&s, [1, 1.0001, 1]).id == 1) }
    }

    @Test func badSizesAndParametersAreTypedErrors() throws {
        #expect(throws: SamplingError.invalidVocabularySize(0)) { _ = try Sampler(parameters: SamplingParameters(), vocabularySize: 0) }
        #expect(throws: SamplingError.self) { _ = try Sampler(parameters: SamplingParameters(topP: 2), vocabularySize: 3) }
        var s = try Sampler(parameters: SamplingParameters(), vocabularySize: 3)
        #expect(throws: SamplingError.logitsCountMismatch(expected: 3, actual: 2)) { _ = try sampleOnce(&s, [1, 2]) }
    }
}
