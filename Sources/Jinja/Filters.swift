/// The filter table and the filters that work on single values (strings, numbers, JSON).
/// Filters over sequences are in `Filters+Sequences.swift`.
enum Filters {
    /// Every filter jinja2 ships, plus Hugging Face's `tojson`. A template naming any other filter fails to
    /// parse, as it fails to compile in jinja2. A few rarely used ones are known but raise when called.
    static let knownNames: Set<String> = [
        "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
        "filesizeformat", "first", "float", "forceescape", "format", "groupby", "indent", "int", "items", "join",
        "last", "length", "list", "lower", "map", "max", "min", "pprint", "random", "reject", "rejectattr",
        "replace", "reverse", "round", "safe", "select", "selectattr", "slice", "sort", "string", "striptags",
        "sum", "title", "tojson", "trim", "truncate", "unique", "upper", "urlencode", "urlize", "wordcount",
        "wordwrap", "xmlattr",
    ]
}

extension Interpreter {
    func applyFilter(_ filter: FilterCall, to value: Value, in scope: Scope) throws(TemplateError) -> Value {
        let arguments = try evaluateArguments(filter.arguments, in: scope)
        return try callFilter(filter.name, value, arguments, at: filter.location)
    }

    func callFilter(_ name: String, _ value: Value, _ args: CallArguments, at location: SourceLocation?)
        throws(TemplateError) -> Value
    {
        func bind(_ parameters: [String]) throws(TemplateError) -> [Value?] {
            try args.bind(parameters, function: name, at: location)
        }
        switch name {
        case "abs":
            _ = try bind([])
            switch Operators.number(value) {
            case .int(let i)?:
                guard i != Int.min else { throw .runtime("integer overflow", location) }
                return .int(abs(i))
            case .double(let d)?: return .double(abs(d))
            case nil:
                if value.isUndefined { throw Operators.undefinedError(value, location) }
                throw .runtime("bad operand type for abs(): '\(value.pythonTypeName)'", location)
            }
        case "attr":
            let a = try bind(["name"])
            guard case .string(let attribute)? = a[0] else { return .undefined(hint: "attribute name must be a string") }
            if let found = try pythonAttribute(of: value, attribute, at: location) { return found }
            if case .special(let s) = value, case .namespace(let id) = s.kind, let found = namespaces[id][attribute] {
                return found
            }
            return .undefined(hint: "'\(value.objectDescription)' has no attribute \(Value.reprString(attribute))")
        case "capitalize":
            _ = try bind([])
            return .string(PythonString.capitalize(value.pythonString(limit: resultLimit)))
        case "center":
            let a = try bind(["width"])
            let width = try integer(a[0], location) ?? 80
            try Limits.checkWidth(width, location)
            return .string(PythonString.center(value.pythonString(limit: resultLimit), width: width))
        case "d", "default":
            let a = try bind(["default_value", "boolean"])
            if value.isUndefined || ((a[1]?.isTruthy ?? false) && !value.isTruthy) { return a[0] ?? .string("") }
            return value
        case "e", "escape", "forceescape":
            _ = try bind([])
            return .string(htmlEscape(value.pythonString(limit: resultLimit)))
        case "float":
            let a = try bind(["default"])
            if value.isUndefined { throw Operators.undefinedError(value, location) }
            if let d = pythonFloat(value) { return .double(d) }
            return a[0] ?? .double(0)
        case "format":
            if !args.positional.isEmpty && !args.keyword.isEmpty {
                throw .runtime("can't handle positional and keyword arguments at the same time", location)
            }
            let operand: Value = args.keyword.isEmpty ? .tuple(args.positional) : .object(args.keyword)
            let format = value.pythonString(limit: resultLimit)
            return .string(try PercentFormat.format(format, operand, limit: resultLimit, at: location))
        case "indent":
            let a = try bind(["width", "first", "blank"])
            return .string(try indent(value, width: a[0], first: a[1]?.isTruthy ?? false, blank: a[2]?.isTruthy ?? false, location))
        case "int":
            let a = try bind(["default", "base"])
            let base = try integer(a[1], location) ?? 10
            if value.isUndefined { throw Operators.undefinedError(value, location) }
            if case .double(let d) = value, d.isFinite, abs(d) >= 9.2e18 {
                throw .runtime("int(\(PythonFloat.repr(d))) does not fit in 64 bits", location)
            }
            if let i = pythonInt(value, base: base) { return .int(i) }
            return a[0] ?? .int(0)
        case "lower":
            _ = try bind([])
            return .string(PythonString.lower(value.pythonString(limit: resultLimit)))
        case "upper":
            _ = try bind([])
            return .string(PythonString.upper(value.pythonString(limit: resultLimit)))
        case "pprint":
            _ = try bind([])
            return .string(PrettyPrint.format(value, limit: resultLimit))
        case "replace":
            let a = try bind(["old", "new", "count"])
            guard case .string(let old)? = a[0], case .string(let new)? = a[1] else {
                throw .runtime("replace() arguments must be str", location)
            }
            let count = try integer(a[2], location) ?? -1
            return .string(
                try PythonString.replace(
                    value.pythonString(limit: resultLimit), old, new, count: count, limit: resultLimit, at: location))
        case "round":
            let a = try bind(["precision", "method"])
            return try round(value, precision: try integer(a[0], location) ?? 0, method: a[1]?.pythonString ?? "common", location)
        case "safe", "string":
            _ = try bind([])
            return .string(value.pythonString(limit: resultLimit))
        case "title":
            _ = try bind([])
            return .string(jinjaTitle(value.pythonString(limit: resultLimit)))
        case "tojson":
            let a = try bind(["ensure_ascii", "indent", "separators", "sort_keys"])
            var indentText: String?
            switch a[1] {
            case nil, .none?: indentText = nil
            case .int(let n)?:
                try Limits.checkWidth(n, location)
                indentText = String(repeating: " ", count: max(0, n))
            case .string(let s)?: indentText = s
            case .some(let other): throw .runtime("tojson indent must be an int or a string, not \(other.pythonTypeName)", location)
            }
            var separators: (String, String)?
            if let sep = a[2], !sep.isNone {
                let parts = try iterate(sep, at: location)
                guard parts.count == 2, case .string(let item) = parts[0], case .string(let key) = parts[1] else {
                    throw .runtime("tojson separators must be a pair of strings", location)
                }
                separators = (item, key)
            }
            let dump = JSONDump(
                indent: indentText, separators: separators, sortKeys: a[3]?.isTruthy ?? false,
                ensureASCII: a[0]?.isTruthy ?? false, limit: resultLimit)
            return .string(try dump.dump(value, at: location))
        case "trim":
            let a = try bind(["chars"])
            var chars: String?
            if case .string(let c)? = a[0] { chars = c }
            return .string(PythonString.strip(value.pythonString(limit: resultLimit), chars: chars))
        case "truncate":
            let a = try bind(["length", "killwords", "end", "leeway"])
            return .string(try truncate(
                value.pythonString(limit: resultLimit), length: try integer(a[0], location) ?? 255,
                killWords: a[1]?.isTruthy ?? false, end: a[2]?.pythonString(limit: resultLimit) ?? "...",
                leeway: try integer(a[3], location) ?? 5, location))
        case "wordcount":
            _ = try bind([])
            var count = 0
            var inWord = false
            for c in value.pythonString(limit: resultLimit).unicodeScalars {
                let word = PythonCharacters.isWord(c)
                if word && !inWord { count += 1 }
                inWord = word
            }
            return .int(count)
        default:
            return try callSequenceFilter(name, value, args, at: location)
        }
    }

    /// An optional integer argument.
    func integer(_ v: Value?, _ location: SourceLocation?) throws(TemplateError) -> Int? {
        switch v {
        case nil, .none?: return nil
        case .int(let i)?: return i
        case .bool(let b)?: return b ? 1 : 0
        case .some(let other):
            throw .runtime("'\(other.pythonTypeName)' object cannot be interpreted as an integer", location)
        }
    }

    private func htmlEscape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    /// Python's `float(value)`, or nil where it raises.
    private func pythonFloat(_ value: Value) -> Double? {
        switch value {
        case .int(let i): return Double(i)
        case .bool(let b): return b ? 1 : 0
        case .double(let d): return d
        case .string(let s):
            let text = PythonString.strip(s, chars: nil).lowercased()
            switch text {
            case "inf", "+inf", "infinity", "+infinity": return .infinity
            case "-inf", "-infinity": return -.infinity
            case "nan", "+nan", "-nan": return .nan
            default: break
            }
            guard !text.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") else { return nil }
            return Double(String(text.filter { $0 != "_" }))
        default: return nil
        }
    }

    /// jinja2's `int` filter: `int(value)` (strings in `base`), else `int(float(value))`, else nil.
    private func pythonInt(_ value: Value, base: Int) -> Int? {
        switch value {
        case .int(let i): return i
        case .bool(let b): return b ? 1 : 0
        case .double(let d):
            guard d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Int(d.rounded(.towardZero))
        case .string(let s):
            var text = PythonString.strip(s, chars: nil)
            var negative = false
            if text.hasPrefix("-") || text.hasPrefix("+") {
                negative = text.hasPrefix("-")
                text.removeFirst()
            }
            var radix = base
            let lower = text.lowercased()
            for (prefix, r) in [("0x", 16), ("0o", 8), ("0b", 2)] where lower.hasPrefix(prefix) && (base == r || base == 0) {
                radix = r
                text.removeFirst(2)
                if text.hasPrefix("_") { text.removeFirst() }
            }
            if radix == 0 { radix = 10 }
            if !text.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__"),
                (2...36).contains(radix),
                let magnitude = Int(String(text.filter { $0 != "_" }), radix: radix)
            {
                return negative ? -magnitude : magnitude
            }
            guard let d = pythonFloat(value), d.isFinite, abs(d) < 9.2e18 else { return nil }
            return Int(d.rounded(.towardZero))
        default: return nil
        }
    }

    private func indent(_ value: Value, width: Value?, first: Bool, blank: Bool, _ location: SourceLocation?)
        throws(TemplateError) -> String
    {
        guard case .string(var s) = value else {
            if value.isUndefined { throw Operators.undefinedError(value, location) }
            throw .runtime("unsupported operand type(s) for +=: '\(value.pythonTypeName)' and 'str'", location)
        }
        let indention: String
        switch width {
        case .string(let text)?: indention = text
        default:
            let n = try integer(width, location) ?? 4
            try Limits.checkWidth(n, location)
            indention = String(repeating: " ", count: max(0, n))
        }
        s += "\n"
        // Every line but the first gets the indention (blank lines only with `blank`); the first with `first`.
        var result = first ? indention : ""
        for (i, line) in PythonString.splitLines(s).enumerated() {
            if i > 0 {
                result += "\n"
                if blank || !line.isEmpty { result += indention }
            }
            result += line
            try Limits.checkResult(result.utf8.count, limit: resultLimit, location)
        }
        return result
    }

    private func round(_ value: Value, precision: Int, method: String, _ location: SourceLocation?) throws(TemplateError)
        -> Value
    {
        guard ["common", "ceil", "floor"].contains(method) else {
            throw .runtime("method must be common, ceil or floor", location)
        }
        guard let number = Operators.number(value) else {
            if value.isUndefined { throw Operators.undefinedError(value, location) }
            throw .runtime("type \(value.pythonTypeName) doesn't define __round__ method", location)
        }
        let scale = pow10(precision)
        let d = number.asDouble
        switch method {
        case "ceil": return .double((d * scale).rounded(.up) / scale)
        case "floor": return .double((d * scale).rounded(.down) / scale)
        default:
            if case .int(let i) = number, precision >= 0 { return .int(i) }
            guard d.isFinite else { return .double(d) }
            return .double((d * scale).rounded(.toNearestOrEven) / scale)
        }
    }

    private func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n < 0 ? 1 / result : result
    }

    /// jinja2's `title` filter: capitalises each piece split at runs of `-`, whitespace, `(`, `{`, `[`, `<`.
    private func jinjaTitle(_ s: String) -> String {
        func isSeparator(_ c: Unicode.Scalar) -> Bool { "-({[<".unicodeScalars.contains(c) || PythonCharacters.isSpace(c) }
        var out = ""
        var piece: [Unicode.Scalar] = []
        var pieceIsSeparator = false
        func flush() {
            guard let head = piece.first else { return }
            out += PythonString.upper(String(head)) + PythonString.lower(PythonString.make(piece.dropFirst()))
            piece = []
        }
        for c in s.unicodeScalars {
            let sep = isSeparator(c)
            if !piece.isEmpty && sep != pieceIsSeparator { flush() }
            pieceIsSeparator = sep
            piece.append(c)
        }
        flush()
        return out
    }

    private func truncate(
        _ s: String, length: Int, killWords: Bool, end: String, leeway: Int, _ location: SourceLocation?
    ) throws(TemplateError) -> String {
        let endLength = PythonString.length(end)
        guard length >= endLength else { throw .runtime("expected length >= \(endLength), got \(length)", location) }
        guard leeway >= 0 else { throw .runtime("expected leeway >= 0, got \(leeway)", location) }
        let scalars = PythonString.scalars(s)
        if scalars.count <= length + leeway { return s }
        let head = PythonString.make(scalars.prefix(length - endLength))
        if killWords { return head + end }
        return (PythonString.rsplit(head, separator: " ", maxSplit: 1).first ?? "") + end
    }
}
