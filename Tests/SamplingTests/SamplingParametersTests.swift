import Testing
import InferenceTypes

@Suite struct SamplingParametersTests {
    @Test func defaultsAreValidAndOff() throws {
        let p = SamplingParameters()
        try p.validate()
        #expect(p.temperature == 1 && p.topK == 0 && p.topP == 1 && p.minP == 0 && p.repetitionPenalty == 1)
        #expect(p.repetitionWindow == 64 && p.seed == nil && !p.logprobs && p.topLogprobs == 0)
        try SamplingParameters.greedy.validate()
    }

    @Test(arguments: [
        (SamplingParameters(temperature: -0.1), SamplingParametersError.Field.temperature),
        (SamplingParameters(temperature: 2.5), .temperature),
        (SamplingParameters(temperature: .nan), .temperature),
        (SamplingParameters(topK: -1), .topK),
        (SamplingParameters(topP: 1.01), .topP),
        (SamplingParameters(minP: -0.5), .minP),
        (SamplingParameters(presencePenalty: 3), .presencePenalty),
        (SamplingParameters(frequencyPenalty: -2.5), .frequencyPenalty),
        (SamplingParameters(repetitionPenalty: 0), .repetitionPenalty),
        (SamplingParameters(repetitionPenalty: .infinity), .repetitionPenalty),
        (SamplingParameters(repetitionWindow: -1), .repetitionWindow),
        (SamplingParameters(logitBias: [5: 101]), .logitBias),
        (SamplingParameters(logitBias: [-3: 1]), .logitBias),
        (SamplingParameters(logprobs: true, topLogprobs: 21), .topLogprobs),
        (SamplingParameters(logprobs: false, topLogprobs: 3), .topLogprobs),
    ])
    func outOfRangeFieldsAreNamed(parameters: SamplingParameters, field: SamplingParametersError.Field) {
        #expect(throws: SamplingParametersError.self) { try parameters.validate() }
        do throws(SamplingParametersError) {
            try parameters.validate()
        } catch {
            #expect(error.field == field)
            #expect(error.description.hasPrefix(field.rawValue))
        }
    }

    @Test func boundaryValuesAreAccepted() throws {
        try SamplingParameters(
            temperature: 2, topK: 1, topP: 0, minP: 1, presencePenalty: -2, frequencyPenalty: 2,
            repetitionPenalty: 0.5, repetitionWindow: 0, logitBias: [0: -100, 7: 100], seed: 0, logprobs: true,
            topLogprobs: 20
        ).validate()
    }
}
