/// Guards against templates that would exhaust memory or the stack. Python would try (and raise `MemoryError`
/// or `RecursionError`); we refuse early with a runtime or syntax error instead of crashing the server.
enum Limits {
    /// The largest width, indent or precision a template may ask for.
    static let maxWidth = 1_000_000
    /// The largest result of `str * n` (bytes) or `list * n` (items).
    static let maxRepeatedLength = 16 << 20
    /// How deeply expressions and blocks may nest in the source.
    static let maxNesting = 100

    static func checkWidth(_ width: Int, _ location: SourceLocation?) throws(TemplateError) {
        if width > maxWidth { throw .runtime("width \(width) is too large (limit \(maxWidth))", location) }
    }
}
