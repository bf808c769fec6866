import Testing
import InferenceTypes
import Sampling

/// Logit bias and the three penalties, checked on the logits the sampler leaves in place.
@Suite struct PenaltyTests {
    @Test func logitBiasBansAndBoosts() throws {
        let logits: [Float] = [5, 1, 0, 2]
        var ban = try Sampler(parameters: SamplingParameters(temperature: 0, logitBias: [0: -100]), vocabularySize: 4)
        #expect(try sampleOnce(&ban, logits).id == 3)
        var boost = try Sampler(parameters: SamplingParameters(temperature: 0, logitBias: [2: 10]), vocabularySize: 4)
        #expect(try sampleOnce(&boost, logits).id == 2)
        #expect(try editedLogits(&boost, logits) == [5, 1, 10, 2])
        // A ban holds under sampling too, and the others keep their relative odds.
        let params = SamplingParameters(logitBias: [0: -100, 3: 1])
        let f = try frequencies(params, logits, draws: 10_000)
        #expect(f[0] == 0)
        #expect(frequenciesMatch(f, softmax([-95, 1, 0, 3]), draws: 10_000))
    }

    @Test func biasDoesNotReviveMinusInfinity() throws {
        var s = try Sampler(parameters: SamplingParameters(temperature: 0, logitBias: [0: 100]), vocabularySize: 2)
        #expect(try sampleOnce(&s, [-.infinity, 1]).id == 1)
    }

    @Test func repetitionPenaltyDividesPositiveAndMultipliesNegativeLogits() throws {
        var s = try Sampler(
            parameters: SamplingParameters(repetitionPenalty: 2), vocabularySize: 5, prompt: [0, 1, 4, 0, 0])
        // Each distinct token of the window once: 0 (3 times) is divided once.
        #expect(try editedLogits(&s, [2, -2, 1, 0.5, 0]) == [1, -4, 1, 0.5, 0])
    }

    @Test func repetitionPenaltyLooksOnlyAtTheWindow() throws {
        var s = try Sampler(
            parameters: SamplingParameters(repetitionPenalty: 2, repetitionWindow: 2), vocabularySize: 4,
            prompt: [0, 1, 2])
        #expect(try editedLogits(&s, [4, 4, 4, 4]) == [4, 2, 2, 4])
        try s.accept(3)  // window is now [2, 3]
        #expect(try editedLogits(&s, [4, 4, 4, 4]) == [4, 4, 2, 2])
        var off = try Sampler(
            parameters: SamplingParameters(repetitionPenalty: 2, repetitionWindow: 0), vocabularySize: 4, prompt: [0])
        #expect(try editedLogits(&off, [4, 4, 4, 4]) == [4, 4, 4, 4])
    }

    @Test func presenceAndFrequencyCountGeneratedTokensOnly() throws {
        var s = try Sampler(
            parameters: SamplingParameters(presencePenalty: 0.5, frequencyPenalty: 0.25), vocabularySize: 4,
            prompt: [3, 3])
        for id: TokenID in [1, 1, 2, 1] { try s.accept(id) }
        #expect(s.generatedCount(of: 1) == 3 && s.generatedCount(of: 2) == 1 && s.generatedCount(of: 3) == 0)
        // token 1: 3 × 0.25 + 0.5 = 1.25; token 2: 0.25 + 0.5 = 0.75; prompt token 3 untouched.
        #expect(try editedLogits(&s, [1, 1, 1, 1]) == [1, -0.25, 0.25, 1])
    }

    @Test func negativePenaltiesEncourageRepeats() throws {
        var s = try Sampler(parameters: SamplingParameters(presencePenalty: -1), vocabularySize: 3)
        try s.accept(2)
        #expect(try editedLogits(&s, [0, 0, 0]) == [0, 0, 1])
    }

    @Test func theOrderIsBiasThenRepetitionThenPresenceAndFrequency() throws {
        var s = try Sampler(
            parameters: SamplingParameters(
                frequencyPenalty: 1, repetitionPenalty: 2, logitBias: [0: 2, 1: -3]),
            vocabularySize: 3)
        try s.accept(0)
        try s.accept(1)
        // token 0: (1 + 2) / 2 − 1 = 0.5; token 1: (1 − 3) × 2 − 1 = −5; token 2 untouched.
        #expect(try editedLogits(&s, [1, 1, 1]) == [0.5, -5, 1])
    }

    @Test func penaltiesChangeWhatIsSampled() throws {
        var s = try Sampler(parameters: SamplingParameters(temperature: 0, frequencyPenalty: 2), vocabularySize: 3)
        let logits: [Float] = [3, 2, 0]
        var produced: [TokenID] = []
        for _ in 0..<4 {
            let t = try sampleOnce(&s, logits)
            try s.accept(t.id)
            produced.append(t.id)
        }
        // 3,2,0 → 0 wins; then 1,2,0 → 1 wins; then 1,0,0 → 0 (tie, lower id); then −1,0,0 → 1.
        #expect(produced == [0, 1, 0, 1])
    }

    @Test func outOfRangeTokensAreRejected() throws {
        #expect(throws: SamplingError.tokenOutOfRange(id: 9, vocabularySize: 4, role: "logit_bias")) {
            _ = try Sampler(parameters: SamplingParameters(logitBias: [9: 1]), vocabularySize: 4)
        }
        #expect(throws: SamplingError.tokenOutOfRange(id: 4, vocabularySize: 4, role: "prompt")) {
            _ = try Sampler(parameters: SamplingParameters(), vocabularySize: 4, prompt: [1, 4])
        }
        var s = try Sampler(parameters: SamplingParameters(frequencyPenalty: 1), vocabularySize: 4)
        #expect(throws: SamplingError.tokenOutOfRange(id: -1, vocabularySize: 4, role: "accepted")) {
            try s.accept(-1)
        }
    }
}
