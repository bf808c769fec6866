import Testing
import InferenceTypes
import Sampling

/// Reported log-probabilities are those of the raw logits, whatever the chain does, and equal an independent
/// log-softmax.
@Suite struct LogprobTests {
    @Test func chosenAndTopLogprobsEqualAnIndependentLogSoftmax() throws {
        let logits = randomLogits(count: 1003, seed: 5)
        let reference = logSoftmax(logits)
        let order = logits.indices.sorted { logits[$0] != logits[$1] ? logits[$0] > logits[$1] : $0 < $1 }
        let params = SamplingParameters(
            temperature: 0.7, topK: 50, topP: 0.9, presencePenalty: 1, repetitionPenalty: 1.3,
            logitBias: [TokenID(order[0]): -100, TokenID(order[3]): 5], seed: 9, logprobs: true, topLogprobs: 5)
        var s = try Sampler(parameters: params, vocabularySize: logits.count, prompt: [TokenID(order[1])])
        for _ in 0..<50 {
            let t = try sampleOnce(&s, logits)
            try s.accept(t.id)
            let lp = try #require(t.logprob)
            #expect(abs(Double(lp) - reference[Int(t.id)]) < 1e-4)
            #expect(t.top.map(\.id) == order.prefix(5).map { TokenID($0) })
            for (id, value) in t.top { #expect(abs(Double(value) - reference[Int(id)]) < 1e-4) }
        }
    }

    @Test func aBiasedChosenTokenReportsItsRawLogprob() throws {
        let logits: [Float] = [2, 1, 0, -1]
        var s = try Sampler(
            parameters: SamplingParameters(temperature: 0, logitBias: [3: 100], logprobs: true), vocabularySize: 4)
        let t = try sampleOnce(&s, logits)
        #expect(t.id == 3)
        #expect(abs(Double(t.logprob ?? 0) - logSoftmax(logits)[3]) < 1e-5)
        #expect(t.top.isEmpty)
    }

    @Test func topLogprobsBreakTiesByLowerId() throws {
        var s = try Sampler(parameters: SamplingParameters(logprobs: true, topLogprobs: 4), vocabularySize: 6)
        let t = try sampleOnce(&s, [1, 3, 3, 0, 3, 2])
        #expect(t.top.map(\.id) == [1, 2, 4, 5])
        let reference = logSoftmax([1, 3, 3, 0, 3, 2])
        for (id, value) in t.top { #expect(abs(Double(value) - reference[Int(id)]) < 1e-5) }
    }

    @Test func topLogprobsLargerThanTheVocabularyListEveryToken() throws {
        var s = try Sampler(parameters: SamplingParameters(logprobs: true, topLogprobs: 20), vocabularySize: 3)
        let t = try sampleOnce(&s, [0, 2, 1])
        #expect(t.top.map(\.id) == [1, 2, 0])
    }

    @Test func nothingIsReportedUnlessAsked() throws {
        var s = try Sampler(parameters: SamplingParameters(seed: 1), vocabularySize: 3)
        let t = try sampleOnce(&s, [0, 2, 1])
        #expect(t.logprob == nil && t.top.isEmpty)
    }

    @Test func forcedTokensReturnExactlyThatTokenWithItsRawLogprob() throws {
        let logits: [Float] = [3, 1, 0, -2]
        var s = try Sampler(
            parameters: SamplingParameters(temperature: 0, logitBias: [2: -100], logprobs: true, topLogprobs: 2),
            vocabularySize: 4)
        let t = try sampleOnce(&s, logits, forced: 2)
        #expect(t.id == 2)
        #expect(abs(Double(t.logprob ?? 0) - logSoftmax(logits)[2]) < 1e-5)
        #expect(t.top.map(\.id) == [0, 1])
        #expect(throws: SamplingError.tokenOutOfRange(id: 4, vocabularySize: 4, role: "forced")) {
            _ = try sampleOnce(&s, logits, forced: 4)
        }
    }

    @Test func forcingDoesNotAdvanceTheGenerator() throws {
        let logits = randomLogits(count: 64, seed: 8, spread: 0.5)
        var a = try Sampler(parameters: SamplingParameters(seed: 77), vocabularySize: 64)
        var b = try Sampler(parameters: SamplingParameters(seed: 77), vocabularySize: 64)
        _ = try sampleOnce(&a, logits, forced: 5)
        for _ in 0..<20 { #expect(try sampleOnce(&a, logits).id == sampleOnce(&b, logits).id) }
    }
}
