import Constraints
import InferenceTypes
import Testing

/// Matcher behaviour on small grammars whose languages are finite, checked against brute force: a token is
/// allowed exactly when text-so-far + token is a prefix of some sentence.
@Suite struct GrammarMatcherTests {
    let vocab = SyntheticVocabulary.index
    let table = SyntheticVocabulary.table

    /// Brute-force mask for a finite language.
    func expectedMask(prefix: [UInt8], language: [[UInt8]]) -> Set<TokenID> {
        var out = Set<TokenID>()
        for (i, bytes) in table.tokenBytes.enumerated() {
            let id = TokenID(i)
            if id == SyntheticVocabulary.eog {
                if language.contains(prefix) { out.insert(id) }
                continue
            }
            if table.specialTokens.contains(id) || bytes.isEmpty { continue }
            let candidate = prefix + bytes
            if language.contains(where: { $0.starts(with: candidate) }) { out.insert(id) }
        }
        return out
    }

    /// Walks every path of the language token by token (bytes only) and compares masks at each prefix.
    func checkAllPrefixes(_ grammar: CompiledGrammar, language: [String]) {
        let lang = language.map { Array($0.utf8) }
        var prefixes = Set<[UInt8]>()
        for s in lang { for k in 0...s.count { prefixes.insert(Array(s[..<k])) } }
        for p in prefixes.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            let accepted = m.accept(bytes: p)
            #expect(accepted, "prefix \(String(decoding: p, as: UTF8.self)) rejected")
            let mask = Set(m.mask().members)
            let expected = expectedMask(prefix: p, language: lang)
            #expect(mask == expected, "prefix '\(String(decoding: p, as: UTF8.self))': extra \(mask.subtracting(expected).sorted()), missing \(expected.subtracting(mask).sorted())")
            for t in 0..<TokenID(table.count) {
                #expect(m.allows(token: t) == expected.contains(t))
            }
            #expect(m.isComplete == lang.contains(p))
        }
    }

    @Test func yesNoGrammarMasksMatchBruteForce() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "yes" | "no""#)
        checkAllPrefixes(g, language: ["yes", "no"])
    }

    @Test func finiteJSONSchemaMasksMatchBruteForce() throws {
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"a":{"enum":[1,"x",true]}},"required":["a"]}"#)
        let g = try ConstraintCompiler.compile(jsonSchema: schema)
        // Whitespace makes the language large; check the compact sentences' prefixes plus a spaced one.
        var language: [String] = []
        for v in ["1", "\"x\"", "true"] {
            for ws1 in ["", " ", "\n"] {
                for ws2 in ["", " "] {
                    for ws3 in ["", " "] {
                        for ws4 in ["", " ", "\n"] { language.append("{\(ws1)\"a\"\(ws2):\(ws3)\(v)\(ws4)}") }
                    }
                }
            }
        }
        // The full language also has "\n" + up to 20 spaces/tabs; restrict the brute force to prefixes that
        // never use them, so the expected mask must allow tokens starting a longer indentation too.
        let g2 = try ConstraintCompiler.compile(gbnf: #"root ::= "{" ws "\"a\"" ws2 ":" ws2 ("1" | "\"x\"" | "true") ws "}"  ws ::= "" | " " | "\n"  ws2 ::= "" | " ""#)
        checkAllPrefixes(g2, language: language)
        // Same sentences accepted by the schema grammar.
        for s in language {
            var m = GrammarMatcher(grammar: g, vocabulary: vocab)
            let accepted = m.accept(bytes: Array(s.utf8))
            #expect(accepted && m.isComplete, "schema grammar rejects \(s)")
        }
    }

    @Test func endOfGenerationOnlyWhenComplete() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "ab" "c"?"#)
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        #expect(!m.allows(token: SyntheticVocabulary.eog))
        do { let ok = m.accept(token: SyntheticVocabulary.id("ab")); #expect(ok) }
        #expect(m.isComplete && m.canContinue)
        #expect(m.allows(token: SyntheticVocabulary.eog))
        #expect(m.allows(token: SyntheticVocabulary.id("c")))
        #expect(!m.allows(token: SyntheticVocabulary.special))
        do { let ok = m.accept(token: SyntheticVocabulary.id("c")); #expect(ok) }
        #expect(m.isComplete && !m.canContinue)
        #expect(m.mask().members == [SyntheticVocabulary.eog])
        do { let ok = m.accept(token: SyntheticVocabulary.eog); #expect(ok) }
        #expect(m.isTerminated && m.mask().count == 0)
    }

    @Test func rejectedTokenLeavesStateUnchanged() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "yes""#)
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        do { let ok = m.accept(token: SyntheticVocabulary.id("no")); #expect(!ok) }
        do { let ok = m.accept(token: SyntheticVocabulary.id("ye")); #expect(ok) }
        do { let ok = m.accept(token: SyntheticVocabulary.id("ye")); #expect(!ok) }
        do { let ok = m.accept(token: SyntheticVocabulary.id("s")); #expect(ok) }
        #expect(m.isComplete)
    }

    @Test func forcedBytesAndShortestCompletion() throws {
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"name":{"type":"string"}},"required":["name"]}"#)
        let g = try ConstraintCompiler.compile(jsonSchema: schema)
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        #expect(m.forcedBytes() == Array("{".utf8))
        do { let ok = m.accept(bytes: Array("{".utf8)); #expect(ok) }
        // After '{' whitespace is optional: nothing is forced.
        #expect(m.forcedBytes().isEmpty)
        #expect(m.shortestCompletion() == Array("\"name\":\"\"}".utf8))
    }

    @Test func maskIntoCallerWords() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "yes" | "no""#)
        let m = GrammarMatcher(grammar: g, vocabulary: vocab)
        var words = [UInt64](repeating: .max, count: (vocab.count + 63) / 64)
        let ok = words.withUnsafeMutableBufferPointer { m.fillMask(intoWords: $0) }
        #expect(ok)
        #expect(words == m.mask().words)
        var short = [UInt64](repeating: 0, count: 1)
        let tooSmall = short.withUnsafeMutableBufferPointer { m.fillMask(intoWords: $0) }
        #expect(!tooSmall)
    }

    @Test func copiesAdvanceIndependently() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "yes" | "no""#)
        let start = GrammarMatcher(grammar: g, vocabulary: vocab)
        var a = start
        var b = start
        do { let ok = a.accept(token: SyntheticVocabulary.id("yes")); #expect(ok) }
        do { let ok = b.accept(token: SyntheticVocabulary.id("no")); #expect(ok) }
        #expect(a.isComplete && b.isComplete)
        #expect(start.allows(token: SyntheticVocabulary.id("ye")))
    }

    @Test func utf8AcrossTokens() throws {
        // 'é' is C3 A9: split over two single-byte tokens, the first must be allowed mid-character.
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "é" | "ü" "n""#)
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        #expect(m.allows(token: SyntheticVocabulary.id("é")))
        do { let ok = m.accept(token: TokenID(2 + 0xC3)); #expect(ok) }
        #expect(m.allows(token: TokenID(2 + 0xA9)))
        #expect(m.allows(token: TokenID(2 + 0xBC)))  // "ü" is C3 BC
        #expect(!m.allows(token: TokenID(2 + 0xA0)))
        do { let ok = m.accept(token: TokenID(2 + 0xA9)); #expect(ok) }
        #expect(m.isComplete)
    }
}
