import InferenceTypes
import Testing

@Suite struct SamplingDefaultsTests {
    @Test func fillsOnlyWhatTheRequestLeftOut() {
        var p = SamplingParameters(temperature: 1.3, topK: 0, topP: 1, minP: 0)
        SamplingDefaults.server.apply(to: &p, keeping: [.temperature])
        #expect(p.temperature == 1.3)
        #expect(p.topK == 40 && p.topP == 0.9 && p.minP == 0.05 && p.repetitionPenalty == 1)
        #expect(p.repetitionGuard == RepetitionGuard())  // DRY at its recommended settings
        var exact = SamplingParameters(temperature: 0)
        SamplingDefaults.server.apply(to: &exact, keeping: .all)
        #expect(exact == SamplingParameters(temperature: 0))
        // A value explicitly equal to OpenAI's default is still the client's choice.
        var one = SamplingParameters(temperature: 1)
        SamplingDefaults.server.apply(to: &one, keeping: [.temperature, .topP])
        #expect(one.temperature == 1 && one.topP == 1 && one.topK == 40)
    }

    @Test func precedenceIsSetValuesFirst() {
        let config = SamplingDefaults(temperature: 0.5)
        let model = SamplingDefaults(temperature: 0.2, topP: 0.8)
        let merged = config.overriding(model).overriding(.server)
        #expect(merged == SamplingDefaults(
            temperature: 0.5, topK: 40, topP: 0.8, minP: 0.05, repetitionGuard: RepetitionGuard()))
        // A configured guard (`sampling.dry_multiplier`) wins over the fallback's.
        let off = SamplingDefaults(repetitionGuard: .off).overriding(.server)
        #expect(off.repetitionGuard == .off)
        #expect(SamplingDefaults().overriding(SamplingDefaults()) == SamplingDefaults())
    }
}
