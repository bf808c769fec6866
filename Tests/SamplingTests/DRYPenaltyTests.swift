import Testing
import InferenceTypes
import Sampling

/// The DRY penalty (`RepetitionGuard`): only tokens that would extend a repeat of the generated text are lowered,
/// by `multiplier · base^(n − allowedLength)` for a repeat of n tokens, never across a sequence breaker, and never
/// from before the current output part.
@Suite struct DRYPenaltyTests {
    static let flat: [Float] = Array(repeating: 1, count: 8)

    func sampler(_ guardSettings: RepetitionGuard, breakers: [Bool] = [], generated: [TokenID]) throws -> Sampler {
        var s = try Sampler(
            parameters: SamplingParameters(repetitionGuard: guardSettings), vocabularySize: 8, prompt: [5, 6, 7],
            sequenceBreakers: breakers)
        for id in generated { try s.accept(id) }
        return s
    }

    @Test func aRepeatOfTheAllowedLengthCostsTheMultiplier() throws {
        // 0 1 2 0 1: the suffix "0 1" was followed by 2, so 2 would extend a 2-token repeat.
        var s = try sampler(RepetitionGuard(multiplier: 0.5, base: 2, allowedLength: 2), generated: [0, 1, 2, 0, 1])
        #expect(try editedLogits(&s, Self.flat) == [1, 1, 0.5, 1, 1, 1, 1, 1])
    }

    @Test func longerRepeatsCostExponentiallyMore() throws {
        // 0 1 2 3 0 1 2: candidate 3 extends a 3-token repeat: 0.5 · 2^(3 − 2) = 1.
        var s = try sampler(RepetitionGuard(multiplier: 0.5, base: 2, allowedLength: 2), generated: [0, 1, 2, 3, 0, 1, 2])
        #expect(try editedLogits(&s, Self.flat) == [1, 1, 1, 0, 1, 1, 1, 1])
        var loop = try sampler(
            RepetitionGuard(multiplier: 0.5, base: 2, allowedLength: 2), generated: [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3])
        // Candidate 4 after the second "1 2 3": the repeat runs back over the whole first lap, n = 7 → 0.5 · 2^5.
        #expect(try editedLogits(&loop, Self.flat) == [1, 1, 1, 1, -15, 1, 1, 1])
    }

    @Test func shortRepeatsAreFree() throws {
        // 0 1 0: only "0" (1 token) repeats before candidate 1.
        var s = try sampler(RepetitionGuard(multiplier: 1, base: 2, allowedLength: 2), generated: [0, 1, 0])
        #expect(try editedLogits(&s, Self.flat) == Self.flat)
    }

    @Test func theWholeAnswerCountsButNotThePrompt() throws {
        // The prompt 5 6 7 is never searched: 5 6 generated again does not penalise 7.
        var s = try sampler(RepetitionGuard(multiplier: 1, base: 2, allowedLength: 1), generated: [5, 6])
        #expect(try editedLogits(&s, Self.flat) == Self.flat)
    }

    @Test func aRepeatNeverSpansASequenceBreaker() throws {
        var breakers = Array(repeating: false, count: 8)
        breakers[1] = true
        // 0 1 2 0 1 with 1 a breaker: the newest token is a breaker, nothing is penalised.
        var s = try sampler(
            RepetitionGuard(multiplier: 1, base: 2, allowedLength: 2), breakers: breakers, generated: [0, 1, 2, 0, 1])
        #expect(try editedLogits(&s, Self.flat) == Self.flat)
        // 3 1 2 3 4 1 2 3: the match for candidate 4 stops at the breaker: "2 3" (2 tokens) → 1 · 2^0.
        var t = try sampler(
            RepetitionGuard(multiplier: 1, base: 2, allowedLength: 2), breakers: breakers,
            generated: [3, 1, 2, 3, 4, 1, 2, 3])
        #expect(try editedLogits(&t, Self.flat) == [1, 1, 1, 1, 0, 1, 1, 1])
    }

    @Test func aNewOutputPartStartsAfresh() throws {
        var s = try sampler(RepetitionGuard(multiplier: 0.5, base: 2, allowedLength: 2), generated: [0, 1, 2])
        s.startOutputPart()
        for id: TokenID in [0, 1] { try s.accept(id) }
        #expect(try editedLogits(&s, Self.flat) == Self.flat)
        try s.accept(2)
        try s.accept(0)
        try s.accept(1)
        #expect(try editedLogits(&s, Self.flat) == [1, 1, 0.5, 1, 1, 1, 1, 1])
    }

    @Test func theWindowLimitsTheSearch() throws {
        var s = try sampler(
            RepetitionGuard(multiplier: 0.5, base: 2, allowedLength: 2, window: 3), generated: [0, 1, 2, 0, 1])
        // Only "2 0 1" is searched: "0 1" followed by 2 is out of the window.
        #expect(try editedLogits(&s, Self.flat) == Self.flat)
    }

    @Test func offByDefaultAndOffAtZero() throws {
        var plain = try Sampler(parameters: SamplingParameters(), vocabularySize: 8)
        var zero = try sampler(.off, generated: [])
        for id: TokenID in [0, 1, 2, 0, 1] {
            try plain.accept(id)
            try zero.accept(id)
        }
        #expect(try editedLogits(&plain, Self.flat) == Self.flat)
        #expect(try editedLogits(&zero, Self.flat) == Self.flat)
    }

    @Test func theLogprobIsTheModelsNotThePenalised() throws {
        var s = try Sampler(
            parameters: SamplingParameters(
                temperature: 0, repetitionGuard: RepetitionGuard(multiplier: 5, base: 2, allowedLength: 2),
                logprobs: true),
            vocabularySize: 4)
        for id: TokenID in [0, 1, 2, 0, 1] { try s.accept(id) }
        var logits: [Float] = [0, 0, 3, 0]
        let t = try logits.withUnsafeMutableBufferPointer { try s.sample(logits: $0) }
        // Token 2 (the loop's continuation) loses 5 and is no longer the greedy choice.
        #expect(t.id != 2)
        #expect(t.logprob != nil)
    }

    @Test func settingsAreValidated() {
        for bad in [
            RepetitionGuard(multiplier: -1), RepetitionGuard(multiplier: .nan), RepetitionGuard(base: 0.5),
            RepetitionGuard(allowedLength: 0), RepetitionGuard(window: -1),
        ] {
            #expect(throws: SamplingParametersError.self) { try SamplingParameters(repetitionGuard: bad).validate() }
        }
        #expect(throws: Never.self) { try SamplingParameters(repetitionGuard: RepetitionGuard()).validate() }
    }
}
