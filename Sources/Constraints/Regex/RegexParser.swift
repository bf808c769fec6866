/// Parses the regex subset Swiftlet enforces in JSON Schema `pattern` (ECMA-262 syntax, search semantics).
///
/// Supported: literals; `.`; classes `[abc]`, `[a-z]`, `[^…]`; escapes `\d \w \s \D \W \S \n \r \t \f \v \0`,
/// `\xHH`, `\uHHHH`, `\u{H…}` and escaped punctuation; groups `(…)`, `(?:…)`, `(?<name>…)`, `(?P<name>…)`;
/// alternation `|`; quantifiers `* + ? {n} {n,} {n,m}` (a lazy `?` suffix is accepted: only the language
/// matters); anchors `^` and `$` at the start and end of top-level alternatives. An unanchored side matches
/// anywhere, as JSON Schema requires.
///
/// Not supported (an error, never ignored): backreferences, lookaround, `\b`/`\B`, `\p{…}`, inline flags,
/// anchors elsewhere. Character classes are generated conservatively so that Python's `re` (used by most
/// validators) agrees: `\d`, `\w`, `\s` are ASCII, and negated shorthands (`\D`, `\W`, `\S`, or a shorthand
/// inside `[^…]`) only produce ASCII characters.
struct RegexParser {
    private let chars: [Unicode.Scalar]
    private var i = 0
    private let pointer: String
    /// Most repetitions a `{n,m}` bound may ask for.
    static let maxRepetition = 1000
    /// Most nested groups (bounds recursion on hostile input).
    static let maxNesting = 100
    private var nesting = 0

    private init(_ pattern: String, pointer: String) {
        self.chars = Array(pattern.unicodeScalars)
        self.pointer = pointer
    }

    /// The language of strings that `pattern` matches somewhere (search semantics).
    static func parse(_ pattern: String, pointer: String) throws(ConstraintError) -> RegexNode {
        var p = RegexParser(pattern, pointer: pointer)
        let branches = try p.topLevel()
        return .alt(branches)
    }

    private func fail(_ message: String) -> ConstraintError {
        ConstraintError(.invalidPattern, pointer: pointer, "pattern: \(message) (at character \(i + 1))")
    }

    private func unsupported(_ what: String) -> ConstraintError {
        ConstraintError(
            .invalidPattern, pointer: pointer,
            "pattern uses \(what), which Swiftlet cannot enforce (supported: literals, classes, groups, |, quantifiers, ^ and $ at the ends)")
    }

    private var atEnd: Bool { i >= chars.count }
    private var peek: Unicode.Scalar? { i < chars.count ? chars[i] : nil }

    private mutating func topLevel() throws(ConstraintError) -> [RegexNode] {
        var branches: [RegexNode] = []
        while true {
            var anchoredStart = false
            if peek == "^" {
                anchoredStart = true
                i += 1
            }
            var items = try sequence(topLevel: true)
            var anchoredEnd = false
            if peek == "$" {
                anchoredEnd = true
                i += 1
            }
            if !anchoredStart { items.insert(.rep(.anyChar, min: 0, max: nil), at: 0) }
            if !anchoredEnd { items.append(.rep(.anyChar, min: 0, max: nil)) }
            branches.append(.seq(items))
            if atEnd { return branches }
            if peek == "|" {
                i += 1
                continue
            }
            if peek == ")" { throw fail("unbalanced ')'") }
            throw unsupported("an anchor in the middle of the pattern")
        }
    }

    private mutating func alternation() throws(ConstraintError) -> RegexNode {
        var branches: [RegexNode] = [.seq(try sequence(topLevel: false))]
        while peek == "|" {
            i += 1
            branches.append(.seq(try sequence(topLevel: false)))
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private mutating func sequence(topLevel: Bool) throws(ConstraintError) -> [RegexNode] {
        var items: [RegexNode] = []
        while let c = peek, c != "|", c != ")" {
            if c == "$" {
                if topLevel && (i + 1 == chars.count || chars[i + 1] == "|") { break }
                throw unsupported("'$' before the end of the pattern")
            }
            if c == "^" { throw unsupported("'^' after the start of the pattern") }
            let a = try atom()
            items.append(try quantified(a))
        }
        return items
    }

    private mutating func quantified(_ atom: RegexNode) throws(ConstraintError) -> RegexNode {
        guard let c = peek else { return atom }
        var lo = 0
        var hi: Int?
        switch c {
        case "*": lo = 0; hi = nil; i += 1
        case "+": lo = 1; hi = nil; i += 1
        case "?": lo = 0; hi = 1; i += 1
        case "{":
            let save = i
            i += 1
            if peek == "," { throw unsupported("'{,n}' (ECMAScript reads it as text, Python as a quantifier)") }
            guard let a = number() else { i = save; return atom }  // a literal '{'
            lo = a
            if peek == "," {
                i += 1
                hi = number()
            } else {
                hi = a
            }
            guard peek == "}" else { throw fail("malformed {n,m} quantifier") }
            i += 1
            if let h = hi, h < lo { throw fail("quantifier {\(lo),\(h)} has max < min") }
            if lo > Self.maxRepetition || (hi ?? 0) > Self.maxRepetition {
                throw ConstraintError(
                    .tooLarge, pointer: pointer, "pattern repetition bound above \(Self.maxRepetition)")
            }
        default:
            return atom
        }
        if peek == "?" { i += 1 }  // lazy: same language
        if peek == "+" { throw unsupported("a possessive quantifier") }
        if let p = peek, p == "*" || p == "+" || p == "?" || (p == "{" && digitAt(i + 1)) {
            throw fail("nothing to repeat (two quantifiers in a row)")
        }
        return .rep(atom, min: lo, max: hi)
    }

    /// Whether an ASCII digit is at `index`.
    private func digitAt(_ index: Int) -> Bool {
        index < chars.count && chars[index].isASCII && chars[index] >= "0" && chars[index] <= "9"
    }

    private mutating func number() -> Int? {
        var v = 0
        var any = false
        while let c = peek, c.isASCII, c >= "0", c <= "9" {
            v = v * 10 + Int(c.value - 48)
            if v > 1_000_000 { return nil }
            any = true
            i += 1
        }
        return any ? v : nil
    }

    private mutating func atom() throws(ConstraintError) -> RegexNode {
        guard let c = peek else { throw fail("unexpected end") }
        switch c {
        case "(":
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Self.maxNesting else {
                throw ConstraintError(.tooLarge, pointer: pointer, "pattern groups nested deeper than \(Self.maxNesting)")
            }
            i += 1
            if peek == "?" {
                i += 1
                switch peek {
                case ":": i += 1
                case "P":
                    i += 1
                    guard peek == "<" else { throw unsupported("a (?P…) construct other than a named group") }
                    try skipGroupName()
                case "<":
                    if i + 1 < chars.count, chars[i + 1] == "=" || chars[i + 1] == "!" {
                        throw unsupported("lookbehind")
                    }
                    try skipGroupName()
                case "=", "!": throw unsupported("lookahead")
                default: throw unsupported("inline flags or a special group")
                }
            }
            let inner = try alternation()
            guard peek == ")" else { throw fail("missing ')'") }
            i += 1
            return inner
        case ")": throw fail("unbalanced ')'")
        case "[":
            i += 1
            return .chars(try charClass())
        case ".":
            i += 1
            return .chars(CodePointSet.all.subtracting(CodePointSet([0x0A...0x0A, 0x0D...0x0D, 0x2028...0x2029])))
        case "\\":
            i += 1
            return .chars(try escape(inClass: false))
        case "*", "+", "?": throw fail("nothing to repeat")
        default:
            i += 1
            return .chars(CodePointSet(scalar: c.value))
        }
    }

    private mutating func skipGroupName() throws(ConstraintError) {
        // At '<'.
        i += 1
        while let c = peek, c != ">" { i += 1 }
        guard peek == ">" else { throw fail("unterminated group name") }
        i += 1
    }

    private static let digit = CodePointSet([0x30...0x39])
    private static let word = CodePointSet([0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A])
    private static let space = CodePointSet([0x09...0x0D, 0x20...0x20])
    private static let ascii = CodePointSet([0...0x7F])

    /// Parses after a backslash. Returns the class it denotes.
    private mutating func escape(inClass: Bool) throws(ConstraintError) -> CodePointSet {
        guard let c = peek else { throw fail("trailing backslash") }
        i += 1
        switch c {
        case "d": return Self.digit
        case "w": return Self.word
        case "s": return Self.space
        case "D": return Self.ascii.subtracting(Self.digit)
        case "W": return Self.ascii.subtracting(Self.word)
        case "S": return Self.ascii.subtracting(Self.space)
        case "n": return CodePointSet(scalar: 0x0A)
        case "r": return CodePointSet(scalar: 0x0D)
        case "t": return CodePointSet(scalar: 0x09)
        case "f": return CodePointSet(scalar: 0x0C)
        case "v": return CodePointSet(scalar: 0x0B)
        case "0":
            if let p = peek, p.isASCII, p >= "0", p <= "9" { throw unsupported("an octal escape") }
            return CodePointSet(scalar: 0)
        case "x":
            guard let v = hex(count: 2) else { throw fail("malformed \\x escape") }
            return CodePointSet(scalar: v)
        case "u":
            if peek == "{" {
                i += 1
                var v: UInt32 = 0
                var n = 0
                while let p = peek, p != "}" {
                    guard p.isASCII, let h = hexValue(UInt8(p.value)) else { throw fail("malformed \\u{…} escape") }
                    v = v * 16 + UInt32(h)
                    n += 1
                    i += 1
                    if n > 6 { throw fail("malformed \\u{…} escape") }
                }
                guard peek == "}", n > 0, v <= 0x10FFFF else { throw fail("malformed \\u{…} escape") }
                i += 1
                return CodePointSet(scalar: v)
            }
            guard let v = hex(count: 4) else { throw fail("malformed \\u escape") }
            if v >= 0xD800 && v <= 0xDFFF { throw unsupported("a surrogate \\u escape") }
            return CodePointSet(scalar: v)
        case "b":
            if inClass { return CodePointSet(scalar: 0x08) }
            throw unsupported("a word boundary (\\b)")
        case "B": throw unsupported("a non-word boundary (\\B)")
        case "p", "P": throw unsupported("Unicode property escapes (\\p{…})")
        case "k": throw unsupported("a named backreference")
        case "c": throw unsupported("a control escape (\\c)")
        default:
            if c.isASCII, c >= "1", c <= "9" { throw unsupported("a backreference") }
            if c.isASCII && (c.properties.isAlphabetic || (c >= "0" && c <= "9")) {
                throw fail("unknown escape '\\\(c)'")
            }
            return CodePointSet(scalar: c.value)
        }
    }

    private mutating func hex(count: Int) -> UInt32? {
        guard i + count <= chars.count else { return nil }
        var v: UInt32 = 0
        for k in 0..<count {
            let c = chars[i + k]
            guard c.isASCII, let h = hexValue(UInt8(c.value)) else { return nil }
            v = v * 16 + UInt32(h)
        }
        i += count
        return v
    }

    /// Parses a class after '['.
    private mutating func charClass() throws(ConstraintError) -> CodePointSet {
        var negated = false
        if peek == "^" {
            negated = true
            i += 1
        }
        if peek == "]" { throw unsupported("an empty class '[]' or '[^]'") }
        var set = CodePointSet.empty
        var usedShorthand = false
        while true {
            guard let c = peek else { throw fail("unterminated character class") }
            if c == "]" {
                i += 1
                break
            }
            if c == "[" && i + 1 < chars.count && (chars[i + 1] == ":" || chars[i + 1] == "=" || chars[i + 1] == ".") {
                throw unsupported("POSIX classes")
            }
            // One class atom.
            let lo: CodePointSet
            var single: UInt32?
            if c == "\\" {
                i += 1
                let before = i
                lo = try escape(inClass: true)
                if "dwsDWS".unicodeScalars.contains(chars[before]) { usedShorthand = true }
                if lo.ranges.count == 1, lo.ranges[0].lowerBound == lo.ranges[0].upperBound,
                    !"dwsDWS".unicodeScalars.contains(chars[before])
                {
                    single = lo.ranges[0].lowerBound
                }
            } else {
                i += 1
                lo = CodePointSet(scalar: c.value)
                single = c.value
            }
            // A range a-b?
            if let a = single, peek == "-", i + 1 < chars.count, chars[i + 1] != "]" {
                i += 1
                guard let d = peek else { throw fail("unterminated character class") }
                var b: UInt32
                if d == "\\" {
                    i += 1
                    let before = i
                    let hiSet = try escape(inClass: true)
                    guard hiSet.ranges.count == 1, hiSet.ranges[0].lowerBound == hiSet.ranges[0].upperBound,
                        !"dwsDWS".unicodeScalars.contains(chars[before])
                    else { throw fail("a class shorthand cannot end a range") }
                    b = hiSet.ranges[0].lowerBound
                } else {
                    i += 1
                    b = d.value
                }
                guard a <= b else { throw fail("class range out of order") }
                if b > 0x10FFFF { b = 0x10FFFF }
                set = set.union(CodePointSet([a...b]))
            } else {
                set = set.union(lo)
            }
        }
        if negated {
            let complement = set.inverted
            // Python's \d, \w, \s are Unicode-aware: keep the complement of a shorthand to ASCII so both agree.
            return usedShorthand ? complement.asciiOnly : complement
        }
        return set
    }
}
