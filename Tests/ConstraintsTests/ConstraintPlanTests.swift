import Constraints
import InferenceTypes
import Testing

/// Composable plans (the reasoning / tool-call shapes Inference builds) and token-budgeted free text, on the synthetic
/// vocabulary where every byte is a token.
@Suite struct ConstraintPlanTests {
    let vocab = SyntheticVocabulary.index

    func byteToken(_ b: UInt8) -> TokenID { TokenID(2 + Int(b)) }
    func byteToken(_ c: Character) -> TokenID { byteToken(c.asciiValue ?? 0) }

    /// `matcher.accept`, outside `#expect` (whose macro cannot call mutating methods).
    func advance(_ matcher: inout GrammarMatcher, token: TokenID) -> Bool { matcher.accept(token: token) }
    func advance(_ matcher: inout GrammarMatcher, bytes: [UInt8]) -> Bool { matcher.accept(bytes: bytes) }

    func accepts(_ grammar: CompiledGrammar, _ text: String) -> (accepted: Bool, complete: Bool) {
        var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
        let ok = m.accept(bytes: Array(text.utf8))
        return (ok, ok && m.isComplete)
    }

    var thinkThenYesNo: ConstraintPlan {
        .sequence([
            .literal("<think>"), .freeText(excluding: ["</think>"], maxTokens: nil), .literal("</think>"),
            .jsonSchema(.object([("enum", .array([.string("yes"), .string("no")]))])),
        ])
    }

    @Test func thinkThenSchemaAcceptsExactlyTheComposedLanguage() throws {
        let g = try thinkThenYesNo.compile()
        #expect(accepts(g, "<think>hmm, é 😀 </thin</think>\"yes\"") == (true, true))
        #expect(accepts(g, "<think></think>\"no\"") == (true, true))
        #expect(accepts(g, "<think>a</think>b</think>\"yes\"").accepted == false)  // free text cannot hold the tag
        #expect(accepts(g, "<think>a</think>\"maybe\"").accepted == false)
        #expect(accepts(g, "<think>a</think>").complete == false)
        #expect(accepts(g, "think>").accepted == false)
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&m, bytes: Array("<think>x</think>\"yes\"".utf8)); #expect(ok) }
        #expect(m.isComplete && !m.canContinue)
        #expect(m.mask().members == [SyntheticVocabulary.eog])
    }

    @Test func toolCallPlanAllowsTextThenOptionalCalls() throws {
        let call = ConstraintPlan.sequence([.literal("<tool_call>"), .anyJSONObject, .literal("</tool_call>")])
        let auto = try ConstraintPlan.sequence([
            .freeText(excluding: ["<tool_call>"], maxTokens: nil), .repeated(call, min: 0, max: 2),
        ]).compile()
        #expect(accepts(auto, "Sure.") == (true, true))
        #expect(accepts(auto, "Sure.<tool_call>{\"a\":1}</tool_call>") == (true, true))
        #expect(accepts(auto, "<tool_call>{}</tool_call><tool_call>{\"b\":[]}</tool_call>") == (true, true))
        #expect(accepts(auto, "<tool_call>{}</tool_call>x").accepted == false)
        #expect(accepts(auto, "Sure.<tool_call>oops").accepted == false)
        #expect(accepts(auto, "<tool_call>{}</tool_call>".repeated(3)).accepted == false)

        let none = try ConstraintPlan.freeText(excluding: ["<tool_call>"], maxTokens: nil).compile()
        #expect(accepts(none, "text with <tool_ but no call").complete)
        #expect(accepts(none, "a <tool_call>").accepted == false)

        let required = try ConstraintPlan.sequence([call, .repeated(call, min: 0, max: nil)]).compile()
        #expect(accepts(required, "Sure.").accepted == false)
        #expect(accepts(required, "<tool_call>{}</tool_call>").complete)
    }

    @Test func budgetedTextForcesTheClosingTagAfterBudgetTokens() throws {
        let g = try ConstraintPlan.sequence([
            .literal("<think>"), .freeText(excluding: ["</think>"], maxTokens: 3), .literal("</think>"),
            .literal("ok"),
        ]).compile()
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&m, bytes: Array("<think>".utf8)); #expect(ok) }
        #expect(m.isInsideBudgetedSegment(0))
        let ab = SyntheticVocabulary.id("ab")
        for k in 1...2 {
            do { let ok = advance(&m, token: ab); #expect(ok) }
            #expect(m.budgetedTokens(inSegment: 0) == k)
            #expect(m.allows(token: ab))  // budget not spent yet
        }
        do { let ok = advance(&m, token: ab); #expect(ok) }  // third token: budget spent
        #expect(!m.allows(token: ab))
        #expect(!m.allows(token: byteToken("x")))
        // Only the closing tag can follow: its first byte is the one allowed token.
        #expect(m.mask().members == [byteToken("<")])
        for c in "</think>" {
            // Every allowed token spells exactly the next character of the tag (the vocabulary has "n" twice).
            let spelled = Set(m.mask().members.map { SyntheticVocabulary.table.tokenBytes[Int($0)] })
            #expect(spelled == [Array(String(c).utf8)], "at '\(c)'")
            do { let ok = advance(&m, token: byteToken(c)); #expect(ok) }
        }
        do { let ok = advance(&m, token: SyntheticVocabulary.id("ok")); #expect(ok) }
        #expect(m.isComplete && !m.canContinue)
    }

    @Test func budgetedTextMayCloseEarlyAndFinishesABegunCharacter() throws {
        let g = try ConstraintPlan.sequence([
            .literal("<"), .freeText(excluding: [">"], maxTokens: 1), .literal(">"),
        ]).compile()
        var early = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&early, bytes: Array("<".utf8)); #expect(ok) }
        do { let ok = advance(&early, token: byteToken(">")); #expect(ok) }
        #expect(early.isComplete)

        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&m, bytes: Array("<".utf8)); #expect(ok) }
        do { let ok = advance(&m, token: byteToken(0xC3)); #expect(ok) }  // first byte of "é": the one budgeted token
        // The character must be completed (continuation bytes only), then only the closing tag.
        let allowed = Set(m.mask().members)
        #expect(allowed == Set((0x80...0xBF).map { byteToken(UInt8($0)) }))
        do { let ok = advance(&m, token: byteToken(0xA9)); #expect(ok) }
        #expect(m.mask().members == [byteToken(">")])
    }

    @Test func zeroBudgetAllowsOnlyTheClosingTag() throws {
        let g = try ConstraintPlan.sequence([
            .literal("a"), .freeText(excluding: [], maxTokens: 0), .literal("b"),
        ]).compile()
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&m, bytes: Array("a".utf8)); #expect(ok) }
        #expect(m.mask().members == [byteToken("b")])
    }

    @Test func budgetAtTheStartOfTheGrammarCountsFromTheFirstToken() throws {
        let g = try ConstraintPlan.sequence([.freeText(excluding: ["!"], maxTokens: 2), .literal("!")]).compile()
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = advance(&m, token: SyntheticVocabulary.id("yes")); #expect(ok) }
        do { let ok = advance(&m, token: SyntheticVocabulary.id("no")); #expect(ok) }
        #expect(m.mask().members == [byteToken("!")])
        do { let ok = advance(&m, token: byteToken("!")); #expect(ok) }
        #expect(m.isComplete)
    }

    @Test func invalidPlansAreErrors() throws {
        #expect(throws: ConstraintError.self) { try ConstraintPlan.freeText(excluding: [""], maxTokens: nil).compile() }
        #expect(throws: ConstraintError.self) { try ConstraintPlan.freeText(excluding: [], maxTokens: -1).compile() }
        #expect(throws: ConstraintError.self) { try ConstraintPlan.repeated(.literal("a"), min: 3, max: 2).compile() }
        #expect(throws: ConstraintError.self) { try ConstraintPlan.choice([]).compile() }
        // A schema error keeps its pointer inside the schema.
        let bad = JSONValue.object([("type", .string("string")), ("not", .object([]))])
        do {
            _ = try ConstraintPlan.sequence([.literal("x"), .jsonSchema(bad)]).compile()
            Issue.record("expected an error")
        } catch {
            #expect(error.pointer == "/not")
        }
    }
}

extension String {
    fileprivate func repeated(_ n: Int) -> String { String(repeating: self, count: n) }
}
