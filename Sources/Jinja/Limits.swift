/// Guards against templates that would exhaust memory or the stack. Python would try (and raise `MemoryError`
/// or `RecursionError`); we refuse early with a runtime or syntax error instead of crashing the server.
enum Limits {
    /// The largest width, indent or precision a template may ask for.
    static let maxWidth = 1_000_000
    /// The longest string (UTF-8 bytes) or list (items) one operation may build; a render's output limit lowers it
    /// (see `Interpreter.resultLimit`). Operations whose result can outgrow their inputs many times over (`*`, `+`,
    /// `~`, `replace`, `join`, `indent`, `format`, `%`, `tojson`, printing a list or dict) stop there, and the
    /// expression fails; so does any other expression whose value is longer.
    static let maxResultLength = 16 << 20
    /// How deeply expressions and blocks may nest in the source.
    static let maxNesting = 100
    /// The tallest expression tree (long operator and filter chains are left-deep trees).
    static let maxExpressionDepth = 256
    /// How deeply a value assigned with `set` may nest (lists in lists …); deeper values could overflow the stack
    /// when printed, compared or freed.
    static let maxValueDepth = 256

    /// Whether `value` nests deeper than `limit` (stops looking as soon as it knows).
    static func exceedsDepth(_ value: Value, _ limit: Int) -> Bool {
        if limit < 0 { return true }
        switch value {
        case .array(let items): return items.contains { exceedsDepth($0, limit - 1) }
        case .object(let dict): return dict.values.contains { exceedsDepth($0, limit - 1) }
        case .special(let s):
            switch s.kind {
            case .tuple(let items), .iterator(let items, _): return items.contains { exceedsDepth($0, limit - 1) }
            case .method(let receiver, _): return exceedsDepth(receiver, limit - 1)
            case .loop(let loop):
                return [loop.previous, loop.next].contains { $0.map { exceedsDepth($0, limit - 1) } ?? false }
            default: return false
            }
        default: return false
        }
    }

    /// Throws when a result of `length` bytes or items would be longer than `limit`.
    static func checkResult(_ length: Int, limit: Int, _ location: SourceLocation?) throws(TemplateError) {
        if length > limit { throw .runtime("the result is too large (limit \(limit) bytes or items)", location) }
    }

    static func checkWidth(_ width: Int, _ location: SourceLocation?) throws(TemplateError) {
        if width > maxWidth { throw .runtime("width \(width) is too large (limit \(maxWidth))", location) }
    }
}
