import Foundation

/// A request body as the snippets write it in each language: the top-level object one field per line, a list of
/// messages one message per line, everything else on one line.
///
/// - Important: `Assets/playground.js` (`literal`, `renderLiteral`) writes the same text for the same values, so the
///   playground's snippets at its default settings equal the model page's; the browser test compares the two.
indirect enum CodeLiteral: Sendable, Hashable {
    case string(String)
    /// A number already written as the languages write it (`0.7`, `1000`).
    case number(String)
    case array([CodeLiteral])
    case object([Field])

    /// One member of an object, in order.
    struct Field: Sendable, Hashable {
        var key: String
        var value: CodeLiteral
    }

    /// The syntax of one language.
    enum Syntax: Sendable {
        /// JSON (also Python dict literals and JavaScript object literals: the values used here are strings and
        /// numbers, which the three write alike).
        case json
        /// PHP arrays: `['key' => 'value']`, trailing commas on multi-line arrays.
        case php
    }

    /// The value, its first line unindented and its other lines indented by `indent` plus `unit` per level.
    func render(_ syntax: Syntax, indent: String, unit: String) -> String {
        switch self {
        case .string(let s): return syntax == .json ? Self.jsonString(s) : Self.phpString(s)
        case .number(let n): return n
        case .array(let items):
            let multiline = items.contains { if case .object = $0 { return true } else { return false } }
            guard multiline, !items.isEmpty else {
                return "[" + items.map { $0.compact(syntax) }.joined(separator: ", ") + "]"
            }
            return block(open: "[", close: "]", lines: items.map { $0.compact(syntax) }, syntax, indent: indent, unit: unit)
        case .object(let fields):
            let lines = fields.map { f in
                Self.key(f.key, syntax) + (syntax == .json ? ": " : " => ")
                    + f.value.render(syntax, indent: indent + unit, unit: unit)
            }
            return block(open: syntax == .json ? "{" : "[", close: syntax == .json ? "}" : "]", lines: lines, syntax,
                indent: indent, unit: unit)
        }
    }

    /// The value on one line.
    func compact(_ syntax: Syntax) -> String {
        switch self {
        case .string, .number: return render(syntax, indent: "", unit: "")
        case .array(let items): return "[" + items.map { $0.compact(syntax) }.joined(separator: ", ") + "]"
        case .object(let fields):
            let inner = fields.map { Self.key($0.key, syntax) + (syntax == .json ? ": " : " => ") + $0.value.compact(syntax) }
                .joined(separator: ", ")
            return syntax == .json ? "{" + inner + "}" : "[" + inner + "]"
        }
    }

    private func block(open: String, close: String, lines: [String], _ syntax: Syntax, indent: String, unit: String) -> String {
        let inner = indent + unit
        let body = syntax == .json
            ? lines.map { inner + $0 }.joined(separator: ",\n")
            : lines.map { inner + $0 + "," }.joined(separator: "\n")
        return open + "\n" + body + "\n" + indent + close
    }

    private static func key(_ k: String, _ syntax: Syntax) -> String { syntax == .json ? jsonString(k) : phpString(k) }

    /// `s` as `JSON.stringify` writes it: `"` and `\` escaped, `\b \f \n \r \t` by name, other control characters as
    /// `\u00xx`, everything else (non-ASCII included) as is.
    static func jsonString(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{00}"..."\u{1F}":
                let hex = Array("0123456789abcdef".unicodeScalars)
                out += "\\u00"
                out.unicodeScalars.append(hex[Int(c.value >> 4)])
                out.unicodeScalars.append(hex[Int(c.value & 15)])
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }

    /// `s` as a single-quoted PHP string (only `\` and `'` are special there).
    static func phpString(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// `s` as one single-quoted shell word (`'` becomes `'\''`).
    static func shellWord(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}
