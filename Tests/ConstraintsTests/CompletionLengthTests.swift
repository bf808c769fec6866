import Constraints
import InferenceTypes
import Testing

/// Length-aware matching: the fewest bytes that finish a grammar (against a breadth-first search, the scalar
/// reference), and masks that keep a completion within the token cap.
@Suite struct CompletionLengthTests {
    let vocab = SyntheticVocabulary.index

    func matcher(_ g: CompiledGrammar, after text: String = "") -> GrammarMatcher {
        var m = GrammarMatcher(grammar: g, vocabulary: vocab)
        let ok = m.accept(bytes: Array(text.utf8))
        #expect(ok, "prefix \(text) rejected")
        return m
    }

    @Test func alternativesAndPrefixes() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "yes" | "no""#)
        #expect(matcher(g).bytesToFinish == 2)
        #expect(matcher(g, after: "y").bytesToFinish == 2)
        #expect(matcher(g, after: "n").bytesToFinish == 1)
        #expect(matcher(g, after: "no").bytesToFinish == 0)
        // Complete and nothing may follow: no token needed; one byte left: that byte (the grammar then ends).
        #expect(matcher(g, after: "no").tokensToFinish == 0)
        #expect(matcher(g, after: "n").tokensToFinish == 2)
    }

    @Test func recursionSumsTheStack() throws {
        let g = try ConstraintCompiler.compile(gbnf: #"root ::= "(" root ")" | "x""#)
        #expect(matcher(g).bytesToFinish == 1)
        #expect(matcher(g, after: "(").bytesToFinish == 2)
        #expect(matcher(g, after: "(((").bytesToFinish == 4)
        #expect(matcher(g, after: "(((x)").bytesToFinish == 2)
        // A rule called before its own shortest alternative is known (mutual recursion through two rules).
        let h = try ConstraintCompiler.compile(gbnf: """
            root ::= a "!"
            a ::= "<" b ">" | "aaaaaa"
            b ::= a a | ""
            """)
        #expect(matcher(h).bytesToFinish == 3)
        #expect(matcher(h, after: "<<").bytesToFinish == 5)
    }

    @Test func schemaStructuresCountWhatMustBeWritten() throws {
        let schema = try JSONValue.parse(#"""
            {"type": "object", "properties": {"unit": {"enum": ["celsius", "f"]}, "city": {"type": "string", "minLength": 3},
             "n": {"type": "integer"}}, "required": ["city", "unit"]}
            """#)
        let g = try ConstraintCompiler.compile(jsonSchema: schema)
        let shortest = matcher(g).shortestCompletion()
        #expect(matcher(g).bytesToFinish == shortest?.count)
        // Properties come in the schema's order. Inside the city string: three characters, the quote, the brace.
        let inside = matcher(g, after: #"{"unit": "f", "city": ""#)
        #expect(inside.bytesToFinish == inside.shortestCompletion()?.count)
        #expect(inside.bytesToFinish == #"aaa"}"#.utf8.count)
    }

    /// Along random walks through schemas of the corpus, the O(1) length equals the breadth-first search's.
    @Test func agreesWithBreadthFirstSearchOnTheCorpus() throws {
        var rng = SplitMix64(seed: 19)
        var compared = 0
        for entry in try Corpus.schemas() {
            guard let g = try? ConstraintCompiler.compile(jsonSchema: entry.schema) else { continue }
            var m = GrammarMatcher(grammar: g, vocabulary: vocab)
            for _ in 0..<40 {
                if let bfs = m.shortestCompletion(maxStates: 20_000) {
                    #expect(m.bytesToFinish == bfs.count, "\(entry.name): \(String(describing: m.bytesToFinish)) vs \(bfs.count)")
                    compared += 1
                }
                let allowed = m.mask().members.filter { !vocab.endOfGeneration.contains($0) }
                guard !allowed.isEmpty else { break }
                m.accept(token: allowed[Int(rng.next() % UInt64(allowed.count))])
            }
        }
        #expect(compared > 500)
    }

    /// Random tokens under the length-aware mask finish within the cap whenever the shortest completion fits, for
    /// every cap from that length up. Below it the mask is never empty (the tokens that make the most progress; with
    /// multi-byte tokens such a run may still finish).
    @Test func randomWalksFinishWithinTheCap() throws {
        let schema = try JSONValue.parse(#"""
            {"type": "object", "properties": {"to": {"type": "string"}, "body": {"type": "string"},
             "unit": {"enum": ["celsius", "fahrenheit"]}, "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1}},
             "required": ["to", "body", "unit", "tags"]}
            """#)
        let g = try ConstraintCompiler.compile(jsonSchema: schema)
        let floor = matcher(g).tokensToFinish
        #expect(floor == #"{"to":"","body":"","unit":"celsius","tags":[""]}"#.utf8.count + 1)
        var rng = SplitMix64(seed: 7)
        for cap in [floor - 3, floor, floor + 1, floor + 8, floor + 40] {
            for _ in 0..<30 {
                var m = GrammarMatcher(grammar: g, vocabulary: vocab)
                var used = 0
                var finished = false
                while used < cap {
                    let allowed = m.mask(remainingTokens: cap - used).members
                    #expect(!allowed.isEmpty)
                    guard !allowed.isEmpty else { break }
                    // Free choice, but lean towards long strings: the case a cap used to cut.
                    let plain = allowed.filter { vocab.bytes(of: $0).allSatisfy { $0 >= 0x61 && $0 <= 0x7A } }
                    let pool = !plain.isEmpty && rng.next() % 4 != 0 ? plain : allowed
                    let t = pool[Int(rng.next() % UInt64(pool.count))]
                    #expect(m.allows(token: t, remainingTokens: cap - used) || cap < floor)
                    let accepted = m.accept(token: t)
                    #expect(accepted)
                    used += 1
                    if m.isTerminated || (m.isComplete && !m.canContinue) {
                        finished = true
                        break
                    }
                }
                if cap >= floor { #expect(finished, "cap \(cap): cut after \(used) tokens") }
            }
        }
    }

    /// Far from the cap the length-aware mask is the plain mask; at the cap, inside a free string, only tokens that
    /// close it are left.
    @Test func maskNarrowsOnlyNearTheCap() throws {
        let schema = try JSONValue.parse(#"{"type":"object","properties":{"to":{"type":"string"}},"required":["to"]}"#)
        let g = try ConstraintCompiler.compile(jsonSchema: schema)
        let m = matcher(g, after: #"{"to": "ab"#)
        #expect(m.mask(remainingTokens: 100) == m.mask())
        #expect(m.tokensToFinish == 3)
        let tight = m.mask(remainingTokens: 3).members
        #expect(!tight.isEmpty)
        for t in tight {
            // Every token left closes the string (`"`, `"}`, or a character and the quote, like `{"`).
            #expect(vocab.bytes(of: t).contains(UInt8(ascii: "\"")))
            var after = m
            #expect(after.accept(token: t) && after.tokensToFinish <= 2)
        }
        #expect(tight.contains(SyntheticVocabulary.id("\"}")))
        #expect(!m.allows(token: SyntheticVocabulary.id("abc"), remainingTokens: 3))
        #expect(m.allows(token: SyntheticVocabulary.id("abc"), remainingTokens: 4))
        // Below the floor: the tokens that make the most progress ("} closes everything at once).
        #expect(m.mask(remainingTokens: 1).members == [SyntheticVocabulary.id("\"}")])
    }
}
