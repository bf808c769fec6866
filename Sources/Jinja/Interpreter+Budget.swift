/// The size limits on values a render builds: no string or list longer than `resultLimit`, and at most
/// `environment.maxBuiltBytes` bytes of them in all.
extension Interpreter {
    /// Checks a value an operation, filter or call produced, counts it against the render's budget, and returns it.
    func charge(_ value: Value, at location: SourceLocation?) throws(TemplateError) -> Value {
        let bytes: Int
        switch value {
        case .string(let s):
            try Limits.checkResult(s.utf8.count, limit: resultLimit, location)
            bytes = s.utf8.count
        case .array(let items):
            bytes = try listBytes(items.count, location)
        case .object(let dict):
            bytes = try listBytes(dict.count, location)
        case .special(let s):
            switch s.kind {
            case .tuple(let items), .iterator(let items, _): bytes = try listBytes(items.count, location)
            default: return value
            }
        default:
            return value
        }
        builtBytes += bytes
        if builtBytes > environment.maxBuiltBytes {
            throw .runtime("the template built more than \(environment.maxBuiltBytes) bytes of strings and lists", location)
        }
        return value
    }

    private func listBytes(_ count: Int, _ location: SourceLocation?) throws(TemplateError) -> Int {
        try Limits.checkResult(count, limit: resultLimit, location)
        return count * MemoryLayout<Value>.stride
    }

    /// `str(value)` for output: a list or dict whose text would be longer than `resultLimit` fails.
    func printed(_ value: Value, at location: SourceLocation?) throws(TemplateError) -> String {
        if case .string(let s) = value { return s }
        let text = value.pythonString(limit: resultLimit)
        try Limits.checkResult(text.utf8.count, limit: resultLimit, location)
        return text
    }
}
