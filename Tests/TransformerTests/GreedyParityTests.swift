import TestSupport
import Testing

/// Parity with llama.cpp on the real catalog models (the rule and the runner: TestSupport's ``GreedyParity``).
///
/// Slow in debug builds; run with `swift test -c release --filter GreedyParityTests`.
@Suite(.serialized)
struct GreedyParityTests {
    /// SmolLM2 (llama, Q4_1/Q8_0): the full rule. Measured: every case within 3e-4.
    @Test func smolLM2MatchesLlamaCpp() throws {
        let results = try GreedyParity.runFixture(modelFile: TestPaths.smolLM2)
        for (index, result) in results.enumerated() {
            #expect(result.mismatch == nil, "case \(index): \(result.mismatch ?? "")")
            #expect(
                result.maxDifference <= GreedyParity.tolerance,
                "case \(index): log-probability off by \(result.maxDifference) at step \(result.worstStep)")
        }
    }

    /// Gemma 3 (Q5_0/Q4_K/Q6_K/Q8_0, GeGLU): the full rule, with the fixture's prompt chunking
    /// (``GreedyParity/gemmaPromptSplits``).
    @Test func gemma3MatchesLlamaCpp() throws {
        let results = try GreedyParity.runFixture(
            modelFile: TestPaths.gemma3, promptSplits: GreedyParity.gemmaPromptSplits)
        for (index, result) in results.enumerated() {
            #expect(result.mismatch == nil, "case \(index): \(result.mismatch ?? "")")
            #expect(
                result.maxDifference <= GreedyParity.tolerance,
                "case \(index): log-probability off by \(result.maxDifference) at step \(result.worstStep)")
        }
    }

    /// Gemma 3 with each prompt in one batch: a coarse bound any real defect (wrong RoPE base, missing norm, …)
    /// breaks by far, while rounding-order differences stay within it.
    @Test func gemma3UnchunkedStaysClose() throws {
        let results = try GreedyParity.runFixture(modelFile: TestPaths.gemma3)
        for (index, result) in results.enumerated() {
            #expect(result.maxDifference <= 1.0, "case \(index): log-probability off by \(result.maxDifference)")
            #expect(result.mismatch == nil || result.mismatchGap < 0.5, "case \(index): \(result.mismatch ?? "")")
        }
    }
}
