import Constraints
import InferenceTypes
import Testing

/// Grammars whose deterministic automaton explodes (a few hundred bytes of pattern, 2^1000 states) fail with
/// `.tooLarge` once compiling them has done a bounded amount of work; before, `^.{0,1000}x.{0,1000}$` in a request's
/// schema kept a core busy for minutes on its way to the state limit. Found while fuzzing the `json-schema` and
/// `regex` targets (scripts/fuzz.sh).
@Suite struct CompileBudgetTests {
    /// Each case does a whole budget of work: about a second in a release build, many more in a debug one.
    @Test func patternWhoseAutomatonExplodesIsTooLarge() {
        let pattern = "^.{0,1000}x.{0,1000}$"
        let schema: JSONValue = ["type": "object", "properties": ["id": ["type": "string", "pattern": .string(pattern)]]]
        do {
            let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
            Issue.record("compiled (\(grammar.stateCount) states)")
        } catch {
            #expect(error.kind == .tooLarge, "\(error)")
            #expect(error.pointer == "/properties/id/pattern", "\(error)")
        }
    }

    @Test func grammarWhoseAutomatonExplodesIsTooLarge() {
        do {
            let grammar = try ConstraintCompiler.compile(gbnf: #"root ::= [ab]* "a" [ab]{200}"#)
            Issue.record("compiled (\(grammar.stateCount) states)")
        } catch {
            #expect(error.kind == .tooLarge, "\(error)")
        }
    }

    @Test func largeButLinearAutomataStillCompile() throws {
        let wide: JSONValue = ["type": "string", "pattern": "^(a|b){1000}(c|d){1000}$"]
        var matcher = GrammarMatcher(
            grammar: try ConstraintCompiler.compile(jsonSchema: wide), vocabulary: SyntheticVocabulary.index)
        let text = "\"" + String(repeating: "ab", count: 500) + String(repeating: "c", count: 1000) + "\""
        let accepted = matcher.accept(bytes: Array(text.utf8))
        #expect(accepted && matcher.isComplete)
        let bounded: JSONValue = ["type": "string", "pattern": "^.{0,4}x.{0,4}$"]
        _ = try ConstraintCompiler.compile(jsonSchema: bounded)
    }
}
