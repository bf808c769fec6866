import Engine
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// How prompts share forward passes (the planner's rule in `BatchPlanner`): one prompt finishes per step unless a
/// further one is short, so the first of several prompts that arrive together streams after a step of its own size.
@Suite struct PromptSchedulingTests {
    /// A stepper over a scripted model with 4 slots and 64 rows per pass.
    static func stepper() throws -> (EngineStepper, ScriptedModel) {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, slotCount: 4, maxBatchTokens: 64) { last, _ in
            last &+ 1
        }
        return (EngineStepper(model: model, tokenizer: tok), model)
    }

    static func prompt(_ first: TokenID, _ count: Int) -> SequenceRequest {
        SequenceRequest(prompt: (0..<count).map { first + TokenID($0) }, sampling: .greedy, maxTokens: 8)
    }

    @Test func promptsArrivingTogetherFinishOnePerStep() throws {
        let (stepper, model) = try Self.stepper()
        try stepper.add(Self.prompt(100, 20))
        try stepper.add(Self.prompt(200, 20))
        try stepper.add(Self.prompt(300, 20))
        _ = try stepper.step()
        _ = try stepper.step()
        _ = try stepper.step()
        // Each step finishes one prompt (20 rows) beside the decode rows of those already streaming; all three in
        // one pass (60 rows) would hold the first one's token back until the other two were fed.
        #expect(model.batchSizes == [20, 21, 22])
        #expect(model.fed.map(\.slot) == [0, 0, 1, 0, 1, 2])
    }

    @Test func aShortPromptJoinsAndASkippedOneGoesFirstNextStep() throws {
        let (stepper, model) = try Self.stepper()
        try stepper.add(Self.prompt(100, 20))
        try stepper.add(Self.prompt(200, 20))
        try stepper.add(Self.prompt(300, 3))
        _ = try stepper.step()
        // The 3-row prompt joins the first one (a step of its own would cost it more than it delays the first); the
        // older 20-row prompt waits and then comes first, beside the two decode rows.
        _ = try stepper.step()
        #expect(model.batchSizes == [23, 22])
        #expect(model.fed.map(\.slot) == [0, 2, 0, 2, 1])
        #expect(model.fed.map(\.tokens.count) == [20, 3, 1, 1, 20])
    }

    @Test func aLongPromptIsChunkedAndShortOnesJoinItsLastChunk() throws {
        let (stepper, model) = try Self.stepper()
        try stepper.add(Self.prompt(100, 100))
        try stepper.add(Self.prompt(300, 2))
        _ = try stepper.step()
        _ = try stepper.step()
        // The first chunk takes the whole budget; the last one finishes the long prompt and the 2-row one with it.
        #expect(model.batchSizes == [64, 38])
        #expect(model.fed.map(\.tokens.count) == [64, 36, 2])
    }

    @Test func aShortPromptThatCannotFinishWaits() throws {
        let (stepper, model) = try Self.stepper()
        try stepper.add(Self.prompt(100, 2))
        _ = try stepper.step()
        try stepper.add(Self.prompt(200, 60))
        try stepper.add(Self.prompt(300, 5))
        _ = try stepper.step()
        _ = try stepper.step()
        // Beside one decode row, 5 rows would join (short enough) but only 3 of the budget are left: a partial chunk
        // would delay the 60-row prompt's first token without giving the 5-row one its own, so it waits a step.
        #expect(model.batchSizes == [2, 61, 7])
        #expect(model.fed.map(\.tokens.count) == [2, 1, 60, 1, 1, 5])
    }
}
