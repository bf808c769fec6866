/// Turns template source into tokens, applying whitespace control exactly as jinja2's lexer does.
///
/// The source is first normalised like jinja2 does it: `\r\n` and `\r` become `\n`, and unless
/// `keepTrailingNewline` is set, one trailing newline is removed. Then the text is split into data and tags:
/// - `{%- … %}` / `{{- … }}` / `{#- … #}` strip all whitespace before the tag; `-%}` / `-}}` / `-#}` strip all
///   whitespace after it.
/// - With `trimBlocks`, the first newline after a block or comment tag is removed (`+%}` keeps it).
/// - With `lstripBlocks`, spaces and tabs from the start of a line up to a block or comment tag are removed
///   (`{%+` keeps them). Variable tags are never lstripped.
/// - `{% raw %}…{% endraw %}` is emitted as data, untouched.
struct Lexer {
    /// The normalised source as code points.
    let src: [Unicode.Scalar]
    private let lineStarts: [Int]
    private let trimBlocks: Bool
    private let lstripBlocks: Bool
    private(set) var tokens: [Token] = []

    init(source: String, trimBlocks: Bool, lstripBlocks: Bool, keepTrailingNewline: Bool) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(source.utf8.count)
        var previousWasCR = false
        for s in source.unicodeScalars {
            if s == "\r" {
                scalars.append("\n")
                previousWasCR = true
                continue
            }
            if s == "\n" && previousWasCR {
                previousWasCR = false
                continue
            }
            previousWasCR = false
            scalars.append(s)
        }
        if !keepTrailingNewline, scalars.last == "\n" { scalars.removeLast() }
        var starts = [0]
        for (i, s) in scalars.enumerated() where s == "\n" { starts.append(i + 1) }
        self.src = scalars
        self.lineStarts = starts
        self.trimBlocks = trimBlocks
        self.lstripBlocks = lstripBlocks
    }

    /// Tokenises the whole source.
    static func tokenize(
        _ source: String, trimBlocks: Bool, lstripBlocks: Bool, keepTrailingNewline: Bool
    ) throws(TemplateError) -> [Token] {
        var lexer = Lexer(
            source: source, trimBlocks: trimBlocks, lstripBlocks: lstripBlocks,
            keepTrailingNewline: keepTrailingNewline)
        try lexer.run()
        return lexer.tokens
    }

    /// The line and column of a position in `src`.
    func location(_ pos: Int) -> SourceLocation {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= pos { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: pos - lineStarts[lo] + 1)
    }

    mutating func run() throws(TemplateError) {
        let n = src.count
        var pos = 0
        while pos < n {
            guard let tag = findTagStart(from: pos) else {
                emitData(pos, n)
                pos = n
                break
            }
            let opener = src[tag + 1]
            var p = tag + 2
            var sign: Unicode.Scalar?
            if p < n, src[p] == "-" || src[p] == "+" {
                sign = src[p]
                p += 1
            }
            let rawEnd = opener == "%" ? matchRawBegin(at: p) : nil
            let textEnd = strippedTextEnd(textStart: pos, tagStart: tag, sign: sign, isVariable: opener == "{")
            emitData(pos, textEnd)
            if let rawEnd {
                pos = try lexRaw(from: rawEnd, tagStart: tag)
                continue
            }
            switch opener {
            case "#":
                pos = try skipComment(from: p, tagStart: tag)
            case "%":
                tokens.append(Token(kind: .blockBegin, location: location(tag)))
                pos = try lexInsideTag(from: p, isBlock: true)
            default:
                tokens.append(Token(kind: .variableBegin, location: location(tag)))
                pos = try lexInsideTag(from: p, isBlock: false)
            }
        }
        tokens.append(Token(kind: .eof, location: location(n)))
    }

    // MARK: - Root state

    private func findTagStart(from pos: Int) -> Int? {
        var i = pos
        let n = src.count
        while i + 1 < n {
            if src[i] == "{" {
                let c = src[i + 1]
                if c == "{" || c == "%" || c == "#" { return i }
            }
            i += 1
        }
        return nil
    }

    private mutating func emitData(_ start: Int, _ end: Int) {
        guard start < end else { return }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: src[start..<end])
        tokens.append(Token(kind: .data(String(view)), location: location(start)))
    }

    /// Where the data before a tag ends once whitespace control has been applied.
    private func strippedTextEnd(textStart: Int, tagStart: Int, sign: Unicode.Scalar?, isVariable: Bool) -> Int {
        if sign == "-" {
            var i = tagStart
            while i > textStart && PythonCharacters.isSpace(src[i - 1]) { i -= 1 }
            return i
        }
        guard sign != "+", lstripBlocks, !isVariable else { return tagStart }
        var lineStart = tagStart
        while lineStart > textStart && src[lineStart - 1] != "\n" { lineStart -= 1 }
        let hasNewline = lineStart > textStart
        // jinja2's `line_starting`: the previous token (a tag end) ended with a newline, or this is the start.
        let lineStarting = textStart == 0 || src[textStart - 1] == "\n"
        guard hasNewline || lineStarting, lineStart < tagStart else { return tagStart }
        for i in lineStart..<tagStart where !PythonCharacters.isSpace(src[i]) { return tagStart }
        return lineStart
    }

    private func matches(_ text: String, at pos: Int) -> Bool {
        var i = pos
        for s in text.unicodeScalars {
            guard i < src.count, src[i] == s else { return false }
            i += 1
        }
        return true
    }

    private func skipSpaces(from pos: Int) -> Int {
        var i = pos
        while i < src.count && PythonCharacters.isSpace(src[i]) { i += 1 }
        return i
    }

    /// `\s*raw\s*(-%}\s*|%})` after `{%` and its sign; returns the position after it.
    private func matchRawBegin(at pos: Int) -> Int? {
        var i = skipSpaces(from: pos)
        guard matches("raw", at: i) else { return nil }
        i = skipSpaces(from: i + 3)
        if matches("-%}", at: i) { return skipSpaces(from: i + 3) }
        if matches("%}", at: i) { return i + 2 }
        return nil
    }

    private mutating func lexRaw(from start: Int, tagStart: Int) throws(TemplateError) -> Int {
        var i = start
        let n = src.count
        while i + 1 < n {
            if src[i] == "{" && src[i + 1] == "%" {
                var p = i + 2
                var sign: Unicode.Scalar?
                if p < n, src[p] == "-" || src[p] == "+" {
                    sign = src[p]
                    p += 1
                }
                p = skipSpaces(from: p)
                if matches("endraw", at: p) {
                    p = skipSpaces(from: p + 6)
                    var end: Int?
                    if matches("+%}", at: p) {
                        end = p + 3
                    } else if matches("-%}", at: p) {
                        end = skipSpaces(from: p + 3)
                    } else if matches("%}", at: p) {
                        end = p + 2
                        if trimBlocks, let e = end, e < n, src[e] == "\n" { end = e + 1 }
                    }
                    if let end {
                        let textEnd = strippedTextEnd(textStart: start, tagStart: i, sign: sign, isVariable: false)
                        emitData(start, textEnd)
                        return end
                    }
                }
            }
            i += 1
        }
        throw .syntax("Missing end of raw directive", location(tagStart))
    }

    private func skipComment(from start: Int, tagStart: Int) throws(TemplateError) -> Int {
        var i = start
        let n = src.count
        while i + 1 < n {
            if src[i] == "#" && src[i + 1] == "}" {
                let end = i + 2
                if i > start && src[i - 1] == "-" { return skipSpaces(from: end) }
                if i > start && src[i - 1] == "+" { return end }
                if trimBlocks && end < n && src[end] == "\n" { return end + 1 }
                return end
            }
            i += 1
        }
        throw .syntax("Missing end of comment tag", location(tagStart))
    }

    // MARK: - Inside a tag

    private static let operators2: [String] = ["//", "**", "==", "!=", ">=", "<="]
    private static let operators1: Set<Unicode.Scalar> = [
        "+", "-", "/", "*", "%", "~", "[", "]", "(", ")", "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
    ]

    /// Lexes expression tokens up to and including the tag's end; returns the position after the tag.
    private mutating func lexInsideTag(from start: Int, isBlock: Bool) throws(TemplateError) -> Int {
        var balance: [Unicode.Scalar] = []
        var i = start
        let n = src.count
        while i < n {
            if balance.isEmpty {
                if isBlock {
                    if matches("+%}", at: i) {
                        tokens.append(Token(kind: .blockEnd, location: location(i)))
                        return i + 3
                    }
                    if matches("-%}", at: i) {
                        tokens.append(Token(kind: .blockEnd, location: location(i)))
                        return skipSpaces(from: i + 3)
                    }
                    if matches("%}", at: i) {
                        tokens.append(Token(kind: .blockEnd, location: location(i)))
                        var end = i + 2
                        if trimBlocks && end < n && src[end] == "\n" { end += 1 }
                        return end
                    }
                } else {
                    if matches("-}}", at: i) {
                        tokens.append(Token(kind: .variableEnd, location: location(i)))
                        return skipSpaces(from: i + 3)
                    }
                    if matches("}}", at: i) {
                        tokens.append(Token(kind: .variableEnd, location: location(i)))
                        return i + 2
                    }
                }
            }
            let c = src[i]
            if PythonCharacters.isSpace(c) {
                i += 1
                continue
            }
            let loc = location(i)
            if let (kind, end) = try lexNumber(at: i) {
                tokens.append(Token(kind: kind, location: loc))
                i = end
                continue
            }
            if PythonCharacters.isIdentifierContinue(c) {
                var j = i
                while j < n && PythonCharacters.isIdentifierContinue(src[j]) { j += 1 }
                guard PythonCharacters.isIdentifierStart(c) else {
                    throw .syntax("Invalid character in identifier", loc)
                }
                var view = String.UnicodeScalarView()
                view.append(contentsOf: src[i..<j])
                tokens.append(Token(kind: .name(String(view)), location: loc))
                i = j
                continue
            }
            if c == "'" || c == "\"" {
                let (value, end) = try lexString(at: i)
                tokens.append(Token(kind: .string(value), location: loc))
                i = end
                continue
            }
            if i + 1 < n {
                let pair = String(String.UnicodeScalarView([c, src[i + 1]]))
                if Lexer.operators2.contains(pair) {
                    tokens.append(Token(kind: .op(pair), location: loc))
                    i += 2
                    continue
                }
            }
            if Lexer.operators1.contains(c) {
                switch c {
                case "(": balance.append(")")
                case "[": balance.append("]")
                case "{": balance.append("}")
                case ")", "]", "}":
                    guard let expected = balance.popLast() else { throw .syntax("unexpected '\(c)'", loc) }
                    guard expected == c else { throw .syntax("unexpected '\(c)', expected '\(expected)'", loc) }
                default: break
                }
                tokens.append(Token(kind: .op(String(c)), location: loc))
                i += 1
                continue
            }
            throw .syntax("unexpected character '\(c)'", loc)
        }
        return n  // the parser reports the missing tag end
    }

    private func isDigit(_ i: Int) -> Bool { i < src.count && src[i] >= "0" && src[i] <= "9" }

    /// `(\d+_)*\d+` starting at `i`; returns its end.
    private func digitGroup(at i: Int) -> Int? {
        guard isDigit(i) else { return nil }
        var j = i
        while true {
            while isDigit(j) { j += 1 }
            if j < src.count, src[j] == "_", isDigit(j + 1) { j += 1 } else { return j }
        }
    }

    private func exponent(at i: Int) -> Int? {
        guard i < src.count, src[i] == "e" || src[i] == "E" else { return nil }
        var j = i + 1
        if j < src.count, src[j] == "+" || src[j] == "-" { j += 1 }
        return digitGroup(at: j)
    }

    private func text(_ range: Range<Int>) -> String {
        var view = String.UnicodeScalarView()
        for s in src[range] where s != "_" { view.append(s) }
        return String(view)
    }

    /// A float or integer literal at `i`, with jinja2's rules (floats first; `0x`, `0o`, `0b`; `_` separators).
    private func lexNumber(at i: Int) throws(TemplateError) -> (Token.Kind, Int)? {
        guard isDigit(i) else { return nil }
        let afterDot = i > 0 && src[i - 1] == "."
        if !afterDot, let intEnd = digitGroup(at: i) {
            var floatEnd: Int?
            if intEnd < src.count, src[intEnd] == ".", let fracEnd = digitGroup(at: intEnd + 1) {
                floatEnd = exponent(at: fracEnd) ?? fracEnd
            } else if let e = exponent(at: intEnd) {
                floatEnd = e
            }
            if let floatEnd {
                guard let value = Double(text(i..<floatEnd)) else {
                    throw .syntax("invalid float literal", location(i))
                }
                return (.float(value), floatEnd)
            }
        }
        // Integers.
        if src[i] == "0", i + 1 < src.count {
            let radix: Int?
            switch src[i + 1] {
            case "x", "X": radix = 16
            case "o", "O": radix = 8
            case "b", "B": radix = 2
            default: radix = nil
            }
            if let radix {
                var j = i + 2
                var digits = ""
                while j < src.count {
                    if src[j] == "_", j + 1 < src.count, Int(String(src[j + 1]), radix: radix) != nil {
                        j += 1
                        continue
                    }
                    guard Int(String(src[j]), radix: radix) != nil else { break }
                    digits.unicodeScalars.append(src[j])
                    j += 1
                }
                if !digits.isEmpty {
                    guard let value = Int(digits, radix: radix) else {
                        throw .syntax("integer literal too large", location(i))
                    }
                    return (.integer(value), j)
                }
            }
            // `0(_?0)*`
            var j = i + 1
            while j < src.count {
                if src[j] == "0" {
                    j += 1
                } else if src[j] == "_", j + 1 < src.count, src[j + 1] == "0" {
                    j += 2
                } else {
                    break
                }
            }
            return (.integer(0), j)
        }
        var j = i + 1
        while j < src.count {
            if isDigit(j) {
                j += 1
            } else if src[j] == "_", isDigit(j + 1) {
                j += 2
            } else {
                break
            }
        }
        guard let value = Int(text(i..<j)) else { throw .syntax("integer literal too large", location(i)) }
        return (.integer(value), j)
    }

    /// A quoted string at `i`; returns its unescaped value and the position after the closing quote.
    private func lexString(at i: Int) throws(TemplateError) -> (String, Int) {
        let quote = src[i]
        var j = i + 1
        while j < src.count {
            if src[j] == "\\" {
                j += 2
                continue
            }
            if src[j] == quote {
                let value = try StringEscapes.unescape(src[(i + 1)..<j], at: location(i))
                return (value, j + 1)
            }
            j += 1
        }
        throw .syntax("unterminated string literal", location(i))
    }
}
