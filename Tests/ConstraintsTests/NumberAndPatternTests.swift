import Constraints
import Foundation
import InferenceTypes
import Testing

/// Numeric bounds and regex patterns checked exhaustively on short strings against independent oracles
/// (`Double` comparisons, `NSRegularExpression`).
@Suite struct NumberAndPatternTests {
    let vocab = SyntheticVocabulary.index

    /// Every string over `alphabet` up to `maxLength` characters.
    static func strings(_ alphabet: [Character], maxLength: Int) -> [String] {
        var out: [String] = [""]
        var frontier: [String] = [""]
        for _ in 0..<maxLength {
            frontier = frontier.flatMap { s in alphabet.map { s + String($0) } }
            out += frontier
        }
        return out
    }

    static let numberAlphabet: [Character] = Array("-0123456789.")

    static func matches(_ r: NSRegularExpression, _ s: String) -> Bool {
        r.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) != nil
    }

    struct Bounds: Sendable, CustomStringConvertible {
        var schema: String
        var integer: Bool
        var lower: (Double, Bool)?
        var upper: (Double, Bool)?
        var description: String { schema }
    }

    static let bounds: [Bounds] = [
        Bounds(schema: #"{"type":"integer","minimum":-5,"maximum":12}"#, integer: true, lower: (-5, false), upper: (12, false)),
        Bounds(schema: #"{"type":"integer","exclusiveMinimum":0,"exclusiveMaximum":100}"#, integer: true, lower: (0, true), upper: (100, true)),
        Bounds(schema: #"{"type":"integer","maximum":-3}"#, integer: true, lower: nil, upper: (-3, false)),
        Bounds(schema: #"{"type":"number","minimum":0,"maximum":1}"#, integer: false, lower: (0, false), upper: (1, false)),
        Bounds(schema: #"{"type":"number","exclusiveMinimum":-2.5,"maximum":0.75}"#, integer: false, lower: (-2.5, true), upper: (0.75, false)),
        Bounds(schema: #"{"type":"number","minimum":-0.5,"exclusiveMaximum":0.5}"#, integer: false, lower: (-0.5, false), upper: (0.5, true)),
        Bounds(schema: #"{"type":"number","minimum":0.25}"#, integer: false, lower: (0.25, false), upper: nil),
        Bounds(schema: #"{"type":"number","exclusiveMaximum":-1.5}"#, integer: false, lower: nil, upper: (-1.5, true)),
        Bounds(schema: #"{"type":"number","exclusiveMinimum":0}"#, integer: false, lower: (0, true), upper: nil),
        Bounds(schema: #"{"type":"number","minimum":12.5,"maximum":99}"#, integer: false, lower: (12.5, false), upper: (99, false)),
    ]

    @Test(arguments: bounds)
    func numericBoundsAreExactOnShortTexts(_ b: Bounds) throws {
        let grammar = try ConstraintCompiler.compile(jsonSchema: try JSONValue.parse(b.schema))
        let base = GrammarMatcher(grammar: grammar, vocabulary: vocab)
        let jsonNumber = try NSRegularExpression(pattern: #"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"#)
        let jsonInteger = try NSRegularExpression(pattern: #"^-?(0|[1-9][0-9]*)$"#)
        var accepted = 0
        for s in Self.strings(Self.numberAlphabet, maxLength: 4) {
            var m = base
            let ok = m.accept(bytes: Array(s.utf8)) && m.isComplete
            let syntax = Self.matches(b.integer ? jsonInteger : jsonNumber, s)
            var valid = syntax
            if valid, let v = Double(s) {
                if let (lo, strict) = b.lower { valid = valid && (strict ? v > lo : v >= lo) }
                if let (hi, strict) = b.upper { valid = valid && (strict ? v < hi : v <= hi) }
            }
            if ok {
                accepted += 1
                #expect(valid, "\(b.schema) accepts invalid '\(s)'")
            } else if valid {
                // The generated language may leave out only negative-zero spellings ("-0", "-0.0").
                let negativeZero = s.hasPrefix("-") && Double(s) == 0
                #expect(negativeZero, "\(b.schema) rejects valid '\(s)'")
            }
        }
        #expect(accepted > 0)
    }

    struct PatternCase: Sendable, CustomStringConvertible {
        var pattern: String
        var description: String { pattern }
    }

    static let patterns: [PatternCase] = [
        "^[a-c]{2,3}$", "^(ab|c)*d$", "b+c?", "^a.c", "d$", "^\\d{2}\\.\\d$", "^[^ab]+$", "(?:ab){2}|^c",
        "^a?b*c+$", "^[\\w.]{1,3}$", "x{0}", "^(a|b|)(c|d)$", "^[-a.]+$", "^\\D\\S$", "",
    ].map { PatternCase(pattern: $0) }

    @Test(arguments: patterns)
    func patternsMatchLikeARegexEngine(_ c: PatternCase) throws {
        let schema = JSONValue.makeObject([("type", "string"), ("pattern", .string(c.pattern))])
        let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
        // NSRegularExpression rejects the empty pattern, which matches every string.
        let regex = try NSRegularExpression(pattern: c.pattern.isEmpty ? "(?:)" : c.pattern)
        let base = GrammarMatcher(grammar: grammar, vocabulary: vocab)
        for s in Self.strings(Array("abcd.1 "), maxLength: 4) {
            var m = base
            let ok = m.accept(bytes: Array("\"\(s)\"".utf8)) && m.isComplete
            #expect(ok == Self.matches(regex, s), "pattern \(c.pattern) on '\(s)': grammar \(ok)")
        }
    }

    @Test func patternCharactersNeedingEscapesAreEncoded() throws {
        let schema = JSONValue.makeObject([("type", "string"), ("pattern", "^[\"\\\\\\n]{2}$")])
        let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
        for (text, ok) in [(#""\"\\""#, true), (#""\n\"""#, true), ("\"\"\"\"", false), ("\"\u{0A}\u{0A}\"", false)] {
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            let accepted = m.accept(bytes: Array(text.utf8)) && m.isComplete
            #expect(accepted == ok, "\(text)")
        }
    }

    @Test func maxLengthCountsCodePointsAndEscapesAsOne() throws {
        let schema = try JSONValue.parse(#"{"type":"string","minLength":2,"maxLength":3}"#)
        let grammar = try ConstraintCompiler.compile(jsonSchema: schema)
        for (text, ok) in [
            ("\"ab\"", true), ("\"abcd\"", false), ("\"é😀\"", true), ("\"日本語\"", true), ("\"日本語x\"", false),
            (#""\n\t\"""#, true), (#""\u00e9\u0041""#, true), (#""\ud83d\ude00""#, false), ("\"a\"", false),
        ] {
            var m = GrammarMatcher(grammar: grammar, vocabulary: vocab)
            let accepted = m.accept(bytes: Array(text.utf8)) && m.isComplete
            #expect(accepted == ok, "\(text)")
        }
    }
}
