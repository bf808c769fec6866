/// Why a response format could not be turned into an enforceable grammar.
///
/// Thrown at compile time, before any token is generated; the API layer maps it to HTTP 400. Swiftlet never falls
/// back to unconstrained output: a schema keyword it cannot enforce is an error that names its JSON pointer.
public struct ConstraintError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of problem.
    public enum Kind: String, Sendable, Hashable {
        /// A JSON Schema keyword Swiftlet cannot enforce (`not`, `if`, `uniqueItems: true`, …).
        case unsupportedKeyword
        /// The schema is not valid JSON Schema (wrong keyword type, `$ref` to a missing definition, …).
        case invalidSchema
        /// The schema is valid but no value satisfies it (`minimum > maximum`, an empty `enum`, …).
        case unsatisfiable
        /// A `pattern` uses regex syntax outside the supported subset, or is malformed.
        case invalidPattern
        /// A GBNF grammar has a syntax or reference error.
        case grammarSyntax
        /// The grammar would be too large to compile (huge repetition bounds).
        case tooLarge
    }

    /// The class of problem.
    public let kind: Kind
    /// RFC 6901 JSON pointer into the schema (`""` is the root); `nil` for GBNF grammars.
    public let pointer: String?
    /// 1-based line in a GBNF grammar, when the error comes from one.
    public let line: Int?
    /// 1-based column in a GBNF grammar, when the error comes from one.
    public let column: Int?
    /// What is wrong, in words a client can act on.
    public let message: String

    /// An error located by a JSON pointer into a schema.
    public init(_ kind: Kind, pointer: String, _ message: String) {
        self.kind = kind
        self.pointer = pointer
        self.line = nil
        self.column = nil
        self.message = message
    }

    /// An error located by line and column in a GBNF grammar.
    public init(_ kind: Kind, line: Int, column: Int, _ message: String) {
        self.kind = kind
        self.pointer = nil
        self.line = line
        self.column = column
        self.message = message
    }

    /// An error with no location (limits, internal consistency).
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.pointer = nil
        self.line = nil
        self.column = nil
        self.message = message
    }

    /// The message with its location, e.g. `at /properties/age/multipleOf: keyword 'multipleOf' is not supported`.
    public var description: String {
        if let pointer { return "at \(pointer.isEmpty ? "(root)" : pointer): \(message)" }
        if let line, let column { return "grammar line \(line), column \(column): \(message)" }
        return message
    }
}
