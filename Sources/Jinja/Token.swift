/// One lexical token of a template.
struct Token: Sendable, Equatable {
    /// What the token is.
    enum Kind: Sendable, Equatable {
        /// Literal template text, already whitespace-controlled.
        case data(String)
        /// `{{`
        case variableBegin
        /// `}}`
        case variableEnd
        /// `{%`
        case blockBegin
        /// `%}`
        case blockEnd
        /// An identifier, including keywords such as `if`, `in`, `not`.
        case name(String)
        /// A string literal with escapes already resolved.
        case string(String)
        /// An integer literal.
        case integer(Int)
        /// A float literal.
        case float(Double)
        /// An operator or punctuation mark such as `+`, `//`, `(`, `|`.
        case op(String)
        /// The end of the source.
        case eof
    }

    var kind: Kind
    var location: SourceLocation

    /// Whether this is the name token `name` (keywords are names).
    func isName(_ name: String) -> Bool {
        if case .name(let n) = kind { return n == name }
        return false
    }

    /// Whether this is the operator `op`.
    func isOp(_ op: String) -> Bool {
        if case .op(let o) = kind { return o == op }
        return false
    }

    /// A short description for error messages ("'%}'", "end of template", "name 'foo'").
    var describe: String {
        switch kind {
        case .data: return "template text"
        case .variableBegin: return "'{{'"
        case .variableEnd: return "'}}'"
        case .blockBegin: return "'{%'"
        case .blockEnd: return "'%}'"
        case .name(let n): return "'\(n)'"
        case .string: return "string literal"
        case .integer(let i): return "integer \(i)"
        case .float(let d): return "float \(d)"
        case .op(let o): return "'\(o)'"
        case .eof: return "end of template"
        }
    }
}
