import Constraints
import InferenceTypes
import Testing

/// `GrammarMatcher.finishSegment` and `longestAllowedToken`, on a small vocabulary.
@Suite struct SegmentEndTests {
    static let pieces = ["a", "b", " ", ".", "<", "</", "</t", "think", "</think>", ">", "ok", "<|end|>"]
    static let vocabulary = ConstraintVocabulary(TokenVocabulary(
        tokenBytes: pieces.map { Array($0.utf8) }, specialTokens: [], endOfGenerationTokens: [11]))

    static func matcher() throws -> GrammarMatcher {
        let plan = ConstraintPlan.sequence([
            .freeText(excluding: ["</think>"], maxTokens: 50), .literal("</think>"), .literal("ok"),
        ])
        return GrammarMatcher(grammar: try plan.compile(), vocabulary: vocabulary)
    }

    @Test func finishingTheSegmentForcesWhatFollowsIt() throws {
        var m = try Self.matcher()
        let tookA = m.accept(token: 0)  // "a"
        #expect(tookA)
        #expect(m.allows(token: 1))
        #expect(m.isInsideBudgetedSegment(0))
        let finished = m.finishSegment(0)
        #expect(finished)
        #expect(!m.allows(token: 1))  // no more free text
        #expect(m.longestAllowedToken() == 8)  // "</think>", not "<", "</" or "</t"
        let tookTag = m.accept(token: 8)
        #expect(tookTag)
        #expect(!m.isInsideBudgetedSegment(0))
        let finishedAgain = m.finishSegment(0)
        #expect(!finishedAgain)  // not inside it any more: nothing changes
        #expect(m.longestAllowedToken() == 10)  // "ok"
        let tookOK = m.accept(token: 10)
        #expect(tookOK)
        #expect(m.longestAllowedToken() == nil)  // only the end token may follow
    }
}
