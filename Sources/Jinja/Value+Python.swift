/// How values behave as Python objects: truthiness, type names, `str()` and `repr()`.
extension Value {
    /// Python's `bool(value)`; undefined is false.
    var isTruthy: Bool {
        switch self {
        case .undefined, .none: return false
        case .bool(let b): return b
        case .int(let i): return i != 0
        case .double(let d): return d != 0
        case .string(let s): return !s.isEmpty
        case .array(let a): return !a.isEmpty
        case .object(let o): return !o.isEmpty
        case .special(let s):
            switch s.kind {
            case .tuple(let items): return !items.isEmpty
            case .iterator(let items, let kind): return kind.hasLength ? !items.isEmpty : true
            default: return true
            }
        }
    }

    /// Python's type name, for error messages ("int", "str", "NoneType" …).
    var pythonTypeName: String {
        switch self {
        case .undefined: return "Undefined"
        case .none: return "NoneType"
        case .bool: return "bool"
        case .int: return "int"
        case .double: return "float"
        case .string: return "str"
        case .array: return "list"
        case .object: return "dict"
        case .special(let s):
            switch s.kind {
            case .namespace: return "Namespace"
            case .macro: return "Macro"
            case .builtin: return "function"
            case .method, .unsafeMethod: return "builtin_function_or_method"
            case .loop: return "LoopContext"
            case .tuple: return "tuple"
            case .iterator(_, let kind):
                switch kind {
                case .generator: return "generator"
                case .reverseIterator: return "list_reverseiterator"
                case .dictView(let name): return name
                }
            }
        }
    }

    /// jinja2's description of an object in undefined-attribute messages ("'dict object'", "'None'").
    var objectDescription: String {
        if case .none = self { return "None" }
        return "\(pythonTypeName) object"
    }

    /// Python's `str(value)`, which is what `{{ value }}` prints. Undefined prints as nothing.
    var pythonString: String { pythonString(limit: Limits.maxResultLength) }

    /// `str(value)`, written only until it is longer than `limit` bytes (see ``pythonRepr(limit:)``).
    func pythonString(limit: Int) -> String {
        switch self {
        case .undefined: return ""
        case .string(let s): return s
        default: return pythonRepr(limit: limit)
        }
    }

    /// Python's `repr(value)`: strings quoted, lists as `[…]`, dicts as `{'k': v}`.
    var pythonRepr: String { pythonRepr(limit: Limits.maxResultLength) }

    /// `repr(value)`, written only until it is longer than `limit` bytes. A list can hold one large value many
    /// times over, so its text can be far longer than the memory it takes; the interpreter refuses any text over its
    /// limit (see `Interpreter.printed`).
    func pythonRepr(limit: Int) -> String {
        var out = ""
        writeRepr(into: &out, limit: limit)
        return out
    }

    private func writeRepr(into out: inout String, limit: Int) {
        switch self {
        case .undefined: out += "Undefined"
        case .none: out += "None"
        case .bool(let b): out += b ? "True" : "False"
        case .int(let i): out += String(i)
        case .double(let d): out += PythonFloat.repr(d)
        case .string(let s): out += Value.reprString(s)
        case .array(let items): Value.writeSequence(items, open: "[", close: "]", into: &out, limit: limit)
        case .object(let dict):
            out += "{"
            var first = true
            for (key, value) in dict {
                if out.utf8.count > limit { return }
                if !first { out += ", " }
                first = false
                out += Value.reprString(key)
                out += ": "
                value.writeRepr(into: &out, limit: limit)
            }
            out += "}"
        case .special(let s):
            switch s.kind {
            case .tuple(let items):
                if items.count == 1 {
                    out += "("
                    items[0].writeRepr(into: &out, limit: limit)
                    out += ",)"
                } else {
                    Value.writeSequence(items, open: "(", close: ")", into: &out, limit: limit)
                }
            case .iterator(let items, let kind):
                switch kind {
                case .dictView(let name):
                    out += name
                    Value.writeSequence(items, open: "([", close: "])", into: &out, limit: limit)
                case .generator(let name): out += "<generator object \(name)>"
                case .reverseIterator: out += "<list_reverseiterator object>"
                }
            case .namespace: out += "<Namespace>"
            case .macro(_, let name): out += "<Macro '\(name)'>"
            case .builtin(let f): out += "<function \(f.rawValue)>"
            case .method(let receiver, let name): out += "<built-in method \(name) of \(receiver.pythonTypeName) object>"
            case .unsafeMethod(let typeName, let name): out += "<built-in method \(name) of \(typeName) object>"
            case .loop(let loop): out += "<LoopContext \(loop.index0 + 1)/\(loop.length)>"
            }
        }
    }

    private static func writeSequence(
        _ items: [Value], open: String, close: String, into out: inout String, limit: Int
    ) {
        out += open
        for (i, item) in items.enumerated() {
            if out.utf8.count > limit { return }
            if i > 0 { out += ", " }
            item.writeRepr(into: &out, limit: limit)
        }
        out += close
    }

    /// Python's `repr(str)`: single quotes unless the text has a single quote and no double quote.
    static func reprString(_ s: String) -> String {
        let quote: Unicode.Scalar = s.contains("'") && !s.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for c in s.unicodeScalars {
            switch c {
            case quote, "\\":
                out.append("\\")
                out.append(c)
            case "\t": out.append(contentsOf: "\\t".unicodeScalars)
            case "\n": out.append(contentsOf: "\\n".unicodeScalars)
            case "\r": out.append(contentsOf: "\\r".unicodeScalars)
            default:
                if PythonCharacters.isPrintable(c) {
                    out.append(c)
                } else {
                    let hex = String(c.value, radix: 16)
                    let (prefix, width) = c.value <= 0xFF ? ("\\x", 2) : (c.value <= 0xFFFF ? ("\\u", 4) : ("\\U", 8))
                    out.append(contentsOf: (prefix + String(repeating: "0", count: width - hex.count) + hex).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }
}
