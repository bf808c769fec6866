import Engine
import GGUF
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// `EngineStepper`: the engine's step on the calling thread, as `swiftlet bench --count-allocs` drives it.
@Suite struct EngineStepperTests {
    @Test func stepsPrefillThenBatchedDecodeUntilMaxTokens() throws {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, slotCount: 2) { last, _ in last &+ 1 }
        let stepper = EngineStepper(model: model, tokenizer: tok)
        #expect(stepper.isIdle)
        #expect(try stepper.step() == false)
        try stepper.add(SequenceRequest(prompt: [10, 11, 12, 13, 14], sampling: .greedy, maxTokens: 4))
        try stepper.add(SequenceRequest(prompt: [20, 21, 22], sampling: .greedy, maxTokens: 4))
        var steps = 0
        while try stepper.step() { steps += 1 }
        // Step 1 prefills both prompts (5 + 3 rows) and samples each one's first token; steps 2–4 feed one pending
        // token per sequence; the fourth token ends both (maxTokens), so the fifth call finds nothing to run.
        #expect(steps == 4)
        #expect(model.batchSizes == [8, 2, 2, 2])
        #expect(stepper.isIdle && stepper.activeCount == 0)
        // Both slots were released (reset) at the end, after the reset at admission.
        #expect(model.resets == [2, 2])
    }

    @Test func refusesWhatTheEngineRefuses() throws {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, contextLength: 8) { last, _ in last }
        let stepper = EngineStepper(model: model, tokenizer: tok)
        #expect(throws: EngineError.emptyPrompt) { try stepper.add(SequenceRequest(prompt: [])) }
        #expect(throws: EngineError.contextOverflow(promptTokens: 8, limit: 8)) {
            try stepper.add(SequenceRequest(prompt: [TokenID](repeating: 1, count: 8)))
        }
        #expect(stepper.isIdle)
    }
}
