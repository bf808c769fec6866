/// Parses Swiftlet's GBNF-like grammar syntax (the `grammar` request extension) into the grammar intermediate
/// form. See the `GrammarSyntax` article for the syntax.
///
/// Errors carry the 1-based line and column of the problem.
struct GBNFParser {
    private let chars: [Unicode.Scalar]
    private var i = 0
    private var line = 1
    private var column = 1
    /// Rule names in definition order, their definitions and positions.
    private var names: [String] = []
    private var bodies: [GrammarExpr] = []
    private var definedAt: [(Int, Int)] = []
    /// Unresolved references: name → positions (resolved after parsing).
    private var references: [(name: String, line: Int, column: Int)] = []
    /// Placeholder reference indices are into `references`; they become rule indices at the end.
    private static let maxRepetition = 10_000
    /// Most nested parentheses (bounds recursion on hostile input).
    private static let maxNesting = 100
    private var nesting = 0

    private init(_ text: String) { chars = Array(text.unicodeScalars) }

    /// Parses a whole grammar; the start rule is `root`.
    static func parse(_ text: String) throws(ConstraintError) -> GrammarDefinition {
        var p = GBNFParser(text)
        return try p.grammar()
    }

    // MARK: - Scanning

    private var peek: Unicode.Scalar? { i < chars.count ? chars[i] : nil }

    private func peek(_ offset: Int) -> Unicode.Scalar? { i + offset < chars.count ? chars[i + offset] : nil }

    private mutating func advance() {
        if chars[i] == "\n" {
            line += 1
            column = 1
        } else {
            column += 1
        }
        i += 1
    }

    private func fail(_ message: String) -> ConstraintError {
        ConstraintError(.grammarSyntax, line: line, column: column, message)
    }

    /// Skips spaces, newlines and `#` comments.
    private mutating func skipSpace() {
        while let c = peek {
            if c == "#" {
                while let d = peek, d != "\n" { advance() }
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                advance()
            } else {
                return
            }
        }
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        c.isASCII && (c.properties.isAlphabetic || (c >= "0" && c <= "9") || c == "_" || c == "-")
    }

    private mutating func name() -> String? {
        var s = ""
        while let c = peek, Self.isNameChar(c) {
            s.unicodeScalars.append(c)
            advance()
        }
        return s.isEmpty ? nil : s
    }

    /// Whether the input at the cursor is `name ::=` (the start of the next rule).
    private func atRuleStart() -> Bool {
        var j = i
        guard j < chars.count, Self.isNameChar(chars[j]) else { return false }
        while j < chars.count, Self.isNameChar(chars[j]) { j += 1 }
        while j < chars.count, chars[j] == " " || chars[j] == "\t" || chars[j] == "\n" || chars[j] == "\r" { j += 1 }
        return j + 2 < chars.count && chars[j] == ":" && chars[j + 1] == ":" && chars[j + 2] == "="
    }

    // MARK: - Grammar

    private mutating func grammar() throws(ConstraintError) -> GrammarDefinition {
        skipSpace()
        while peek != nil {
            let (l, c) = (line, column)
            guard let n = name() else { throw fail("expected a rule name") }
            skipSpace()
            guard peek == ":", peek(1) == ":", peek(2) == "=" else { throw fail("expected '::=' after rule name '\(n)'") }
            advance(); advance(); advance()
            skipSpace()
            if names.contains(n) { throw ConstraintError(.grammarSyntax, line: l, column: c, "rule '\(n)' is defined twice") }
            let body = try alternation()
            names.append(n)
            bodies.append(body)
            definedAt.append((l, c))
            skipSpace()
        }
        guard let root = names.firstIndex(of: "root") else {
            throw ConstraintError(.grammarSyntax, line: 1, column: 1, "the grammar has no 'root' rule")
        }
        var def = GrammarDefinition()
        for (k, n) in names.enumerated() {
            _ = def.add(n, try resolve(bodies[k]))
        }
        def.root = root
        return def
    }

    /// Replaces placeholder references (negative indices) with rule indices.
    private func resolve(_ e: GrammarExpr) throws(ConstraintError) -> GrammarExpr {
        switch e {
        case .ref(let placeholder):
            let r = references[-placeholder - 1]
            guard let idx = names.firstIndex(of: r.name) else {
                throw ConstraintError(.grammarSyntax, line: r.line, column: r.column, "undefined rule '\(r.name)'")
            }
            return .ref(idx)
        case .seq(let parts): return .seq(try parts.map { p throws(ConstraintError) in try resolve(p) })
        case .alt(let parts): return .alt(try parts.map { p throws(ConstraintError) in try resolve(p) })
        case .rep(let x, let lo, let hi): return .rep(try resolve(x), min: lo, max: hi)
        default: return e
        }
    }

    private mutating func alternation() throws(ConstraintError) -> GrammarExpr {
        var branches: [GrammarExpr] = [try sequence()]
        while peek == "|" {
            advance()
            skipSpace()
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private mutating func sequence() throws(ConstraintError) -> GrammarExpr {
        var items: [GrammarExpr] = []
        while let c = peek, c != "|", c != ")" {
            if atRuleStart() { break }
            items.append(try term())
            skipSpace()
        }
        return items.count == 1 ? items[0] : .seq(items)
    }

    private mutating func term() throws(ConstraintError) -> GrammarExpr {
        var e = try primary()
        while let c = peek {
            switch c {
            case "*": advance(); e = .rep(e, min: 0, max: nil)
            case "+": advance(); e = .rep(e, min: 1, max: nil)
            case "?": advance(); e = .rep(e, min: 0, max: 1)
            case "{":
                advance()
                skipSpace()
                guard let lo = integer() else { throw fail("expected a number in {m,n}") }
                skipSpace()
                var hi: Int? = lo
                if peek == "," {
                    advance()
                    skipSpace()
                    hi = integer()
                    skipSpace()
                }
                guard peek == "}" else { throw fail("expected '}' to close {m,n}") }
                advance()
                if let h = hi, h < lo { throw fail("repetition {\(lo),\(h)} has max < min") }
                if lo > Self.maxRepetition || (hi ?? 0) > Self.maxRepetition {
                    throw fail("repetition bound above \(Self.maxRepetition)")
                }
                e = .rep(e, min: lo, max: hi)
            default:
                return e
            }
        }
        return e
    }

    private mutating func integer() -> Int? {
        var v = 0
        var any = false
        while let c = peek, c.isASCII, c >= "0", c <= "9" {
            v = v * 10 + Int(c.value - 48)
            if v > 1_000_000 { return nil }
            any = true
            advance()
        }
        return any ? v : nil
    }

    private mutating func primary() throws(ConstraintError) -> GrammarExpr {
        guard let c = peek else { throw fail("unexpected end of grammar") }
        switch c {
        case "\"":
            advance()
            var bytes: [UInt8] = []
            while true {
                guard let d = peek else { throw fail("unterminated string literal") }
                if d == "\"" { advance(); break }
                if d == "\n" { throw fail("newline inside a string literal") }
                let cp = try character()
                bytes.append(contentsOf: UTF8Sequences.encode(cp))
            }
            return .bytes(bytes)
        case "[":
            advance()
            return try charClass()
        case ".":
            advance()
            return .chars(.all)
        case "(":
            nesting += 1
            defer { nesting -= 1 }
            guard nesting <= Self.maxNesting else { throw fail("parentheses nested deeper than \(Self.maxNesting)") }
            advance()
            skipSpace()
            let inner = try alternation()
            skipSpace()
            guard peek == ")" else { throw fail("expected ')'") }
            advance()
            return inner
        case "<", "!":
            throw fail("token-level terminals ('<…>', '!') are not supported; write the text instead")
        default:
            if Self.isNameChar(c) {
                let (l, col) = (line, column)
                guard let n = name() else { throw fail("expected a rule name") }
                references.append((n, l, col))
                return .ref(-references.count)
            }
            throw fail("unexpected character '\(c)'")
        }
    }

    /// One (possibly escaped) character inside a literal or class.
    private mutating func character() throws(ConstraintError) -> UInt32 {
        guard let c = peek else { throw fail("unexpected end of grammar") }
        let (l, col) = (line, column)
        advance()
        if c != "\\" { return c.value }
        guard let e = peek else { throw fail("trailing backslash") }
        advance()
        switch e {
        case "n": return 0x0A
        case "r": return 0x0D
        case "t": return 0x09
        case "\\", "\"", "'", "[", "]", "-", "^", "/": return e.value
        case "x": return try hex(2)
        case "u": return try hex(4)
        case "U": return try hex(8)
        default: throw ConstraintError(.grammarSyntax, line: l, column: col, "unknown escape '\\\(e)'")
        }
    }

    private mutating func hex(_ n: Int) throws(ConstraintError) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<n {
            guard let c = peek, c.isASCII, let h = hexValue(UInt8(c.value)) else { throw fail("expected \(n) hex digits") }
            v = v << 4 | UInt32(h)
            advance()
        }
        guard v <= 0x10FFFF, !(0xD800...0xDFFF).contains(v) else { throw fail("escape is not a Unicode scalar value") }
        return v
    }

    private mutating func charClass() throws(ConstraintError) -> GrammarExpr {
        var negated = false
        if peek == "^" {
            negated = true
            advance()
        }
        var set = CodePointSet.empty
        while true {
            guard let c = peek else { throw fail("unterminated character class") }
            if c == "]" { advance(); break }
            if c == "\n" { throw fail("newline inside a character class") }
            let lo = try character()
            if peek == "-", let after = peek(1), after != "]" {
                advance()
                let hi = try character()
                guard lo <= hi else { throw fail("class range out of order") }
                set = set.union(CodePointSet([lo...hi]))
            } else {
                set = set.union(CodePointSet(scalar: lo))
            }
        }
        return .chars(negated ? set.inverted : set)
    }
}
