import Constraints
import Foundation
import InferenceTypes
import Testing

/// The `grammar` extension: parse, compile and enforce GBNF-like grammars; syntax errors carry line and column.
@Suite struct GBNFGrammarTests {
    static let arithmetic = """
        # Integer arithmetic with precedence and parentheses.
        root   ::= expr
        expr   ::= term (ws ("+" | "-") ws term)*
        term   ::= factor (ws ("*" | "/") ws factor)*
        factor ::= number | "(" ws expr ws ")"
        number ::= "-"? [0-9]{1,6}
        ws     ::= " "?
        """

    /// Independent recursive-descent recogniser for the arithmetic language.
    struct ArithmeticChecker {
        let s: [UInt8]
        var i = 0
        static func accepts(_ text: [UInt8]) -> Bool {
            var c = ArithmeticChecker(s: text)
            return c.expr() && c.i == text.count
        }
        mutating func ws() { if i < s.count, s[i] == 0x20 { i += 1 } }
        mutating func expr() -> Bool {
            guard term() else { return false }
            while true {
                let save = i
                ws()
                guard i < s.count, s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-") else { i = save; return true }
                i += 1
                ws()
                guard term() else { return false }
            }
        }
        mutating func term() -> Bool {
            guard factor() else { return false }
            while true {
                let save = i
                ws()
                guard i < s.count, s[i] == UInt8(ascii: "*") || s[i] == UInt8(ascii: "/") else { i = save; return true }
                i += 1
                ws()
                guard factor() else { return false }
            }
        }
        mutating func factor() -> Bool {
            if i < s.count, s[i] == UInt8(ascii: "(") {
                i += 1
                ws()
                guard expr() else { return false }
                ws()
                guard i < s.count, s[i] == UInt8(ascii: ")") else { return false }
                i += 1
                return true
            }
            if i < s.count, s[i] == UInt8(ascii: "-") { i += 1 }
            var n = 0
            while i < s.count, s[i] >= 0x30, s[i] <= 0x39 { i += 1; n += 1 }
            return n >= 1 && n <= 6
        }
    }

    func walk(_ grammar: CompiledGrammar, seeds: Int, explore: Double = 0.6) throws -> [[UInt8]] {
        let vocab = try TestVocabularies.smolLM2.get()
        let walker = RandomGrammarWalker(vocabulary: vocab, grammar: grammar, maxTokens: 120)
        var outs: [[UInt8]] = []
        for seed in 0..<seeds {
            let out = walker.run(seed: UInt64(seed), explore: explore)
            for p in out.problems.prefix(3) { Issue.record("seed \(seed): \(p)") }
            outs.append(out.complete ? out.bytes : (out.completed ?? out.bytes))
        }
        return outs
    }

    @Test func arithmeticGrammarIsEnforced() throws {
        let g = try ConstraintCompiler.compile(.grammar(Self.arithmetic))
        let grammar = try #require(g)
        let outs = try walk(grammar, seeds: 40)
        for o in outs {
            #expect(ArithmeticChecker.accepts(o), "not arithmetic: \(String(decoding: o, as: UTF8.self))")
        }
        #expect(Set(outs).count > 10, "walks should differ")
        // Direct checks.
        let vocab = SyntheticVocabulary.index
        for (text, ok) in [("(1+2)*3", true), ("1 + 2", true), ("-4/(2)", true), ("1+", false), (")", false), ("1234567", false)] {
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            let accepted = m.accept(bytes: Array(text.utf8)) && m.isComplete
            #expect(accepted == ok, "\(text)")
        }
    }

    @Test func listOfNamesIsEnforced() throws {
        let text = #"""
            root ::= name ("," " "? name){0,4}
            name ::= [A-Z] [a-z]{1,10}
            """#
        let grammar = try ConstraintCompiler.compile(gbnf: text)
        let regex = try NSRegularExpression(pattern: "^[A-Z][a-z]{1,10}(, ?[A-Z][a-z]{1,10}){0,4}$")
        for o in try walk(grammar, seeds: 30) {
            let s = String(decoding: o, as: UTF8.self)
            #expect(regex.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil, "bad list: \(s)")
        }
    }

    @Test func yesNoAnswer() throws {
        let grammar = try ConstraintCompiler.compile(gbnf: #"root ::= ("yes" | "no")"#)
        let outs = try walk(grammar, seeds: 20, explore: 1.0)
        for o in outs { #expect(["yes", "no"].contains(String(decoding: o, as: UTF8.self))) }
        #expect(Set(outs).count == 2)
    }

    @Test func escapesClassesAndRepetition() throws {
        let grammar = try ConstraintCompiler.compile(gbnf: #"""
            root ::= "\"" [^"\\\n]{0,5} "\"" "\t" [\x41-\x43]+ "\u00e9" .
            """#)
        let vocab = SyntheticVocabulary.index
        for (text, ok) in [("\"ab\"\tABCéx", true), ("\"\"\tAé😀", true), ("\"a\"b\"\tAéx", false), ("\"\"\tDéx", false)] {
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            let accepted = m.accept(bytes: Array(text.utf8)) && m.isComplete
            #expect(accepted == ok, "\(text)")
        }
    }

    struct SyntaxCase: Sendable, CustomStringConvertible {
        var grammar: String
        var line: Int
        var column: Int
        var description: String { grammar }
    }

    static let syntaxCases: [SyntaxCase] = [
        SyntaxCase(grammar: "root ::= \"abc", line: 1, column: 14),
        SyntaxCase(grammar: "root ::= \"yes\"\nitem ::= missing\n", line: 2, column: 10),
        SyntaxCase(grammar: "item ::= \"x\"", line: 1, column: 1),
        SyntaxCase(grammar: "root ::= [a-", line: 1, column: 13),
        SyntaxCase(grammar: "root ::= (\"a\" | \"b\"", line: 1, column: 20),
        SyntaxCase(grammar: "root ::= \"a\"\nroot ::= \"b\"", line: 2, column: 1),
        SyntaxCase(grammar: "root ::= <think> \"a\"", line: 1, column: 10),
        SyntaxCase(grammar: "root ::= \"a\"{3,1}", line: 1, column: 18),
        SyntaxCase(grammar: "root ::= \"a\\q\"", line: 1, column: 12),
        SyntaxCase(grammar: "root = \"a\"", line: 1, column: 6),
        SyntaxCase(grammar: "\n\n  root ::= \"a\" @", line: 3, column: 16),
    ]

    @Test(arguments: syntaxCases)
    func syntaxErrorsReportLineAndColumn(_ c: SyntaxCase) {
        do {
            _ = try ConstraintCompiler.compile(gbnf: c.grammar)
            Issue.record("compiled")
        } catch {
            #expect(error.kind == .grammarSyntax, "\(error)")
            #expect(error.line == c.line && error.column == c.column, "\(error)")
        }
    }

    @Test func leftRecursionAndEmptyLanguagesAreRejected() {
        for text in ["root ::= root \"a\" | \"b\"", "root ::= x\nx ::= \"a\"? root | \"b\""] {
            do {
                _ = try ConstraintCompiler.compile(gbnf: text)
                Issue.record("compiled: \(text)")
            } catch {
                #expect(error.message.contains("left-recursive"), "\(error)")
            }
        }
        do {
            _ = try ConstraintCompiler.compile(gbnf: "root ::= \"a\" root")
            Issue.record("compiled an infinite-only grammar")
        } catch {
            #expect(error.kind == .unsatisfiable, "\(error)")
        }
    }
}
