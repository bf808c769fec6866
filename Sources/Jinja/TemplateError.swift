/// A position in a template's source text.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// 1-based line number.
    public var line: Int
    /// 1-based column, counted in Unicode scalars from the start of the line.
    public var column: Int

    /// Creates a location from a 1-based line and column.
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// Everything that can go wrong while parsing or rendering a template.
///
/// - `syntax`: the template source is malformed; `location` says where.
/// - `runtime`: rendering failed (undefined value used, wrong type, …); `location` is the expression that failed.
/// - `raised`: the template called `raise_exception(message)`; `message` is exactly the text it passed.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure this is.
    public enum Kind: String, Sendable, Hashable {
        /// The source does not parse.
        case syntax
        /// Rendering failed.
        case runtime
        /// The template raised the error itself through `raise_exception`.
        case raised
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What went wrong. For `.raised` this is the template's own message, unchanged.
    public var message: String
    /// Where in the source it went wrong, when known.
    public var location: SourceLocation?

    /// Creates an error.
    public init(_ kind: Kind, _ message: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.location = location
    }

    /// The 1-based line of the failure, when known.
    public var line: Int? { location?.line }
    /// The 1-based column of the failure, when known.
    public var column: Int? { location?.column }

    public var description: String {
        let prefix: String
        switch kind {
        case .syntax: prefix = "template syntax error"
        case .runtime: prefix = "template error"
        case .raised: prefix = "template raised an exception"
        }
        if let location { return "\(prefix) at \(location): \(message)" }
        return "\(prefix): \(message)"
    }

    static func syntax(_ message: String, _ location: SourceLocation?) -> TemplateError {
        TemplateError(.syntax, message, at: location)
    }

    static func runtime(_ message: String, _ location: SourceLocation? = nil) -> TemplateError {
        TemplateError(.runtime, message, at: location)
    }
}
