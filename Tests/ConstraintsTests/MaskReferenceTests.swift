import Constraints
import InferenceTypes
import Testing

/// The fast mask (trie walk with subtree skipping and the plain-text slice) against its scalar reference: one
/// `allows(token:)` per vocabulary entry, over every token of the real SmolLM2 vocabulary, at many states of
/// corpus walks.
@Suite struct MaskReferenceTests {
    @Test func fastMaskEqualsPerTokenReference() throws {
        let vocab = try TestVocabularies.smolLM2.get()
        let schemas = try Corpus.schemas()
        var checkedStates = 0
        for (k, entry) in schemas.enumerated() where k % 4 == 0 {
            let grammar = try ConstraintCompiler.compile(jsonSchema: entry.schema)
            var walker = RandomGrammarWalker(vocabulary: vocab, grammar: grammar, maxTokens: 60)
            walker.crossCheck = false
            let out = walker.run(seed: UInt64(k), explore: 0.6)
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            for (step, t) in out.tokens.enumerated() {
                if step % 3 == 0 {
                    let fast = Set(m.mask().members)
                    let reference = Set((0..<vocab.count).map { TokenID($0) }.filter { m.allows(token: $0) })
                    #expect(fast == reference, "\(entry.name) step \(step): \(fast.symmetricDifference(reference).prefix(10))")
                    checkedStates += 1
                }
                let ok = m.accept(token: t)
                #expect(ok)
            }
        }
        #expect(checkedStates > 20)
    }
}
