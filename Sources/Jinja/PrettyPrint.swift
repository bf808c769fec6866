/// Python's `pprint.pformat(value)` (width 80, dict keys sorted), which the `pprint` filter prints.
/// Long strings are not split into chunks as Python does; containers wrap as in Python.
enum PrettyPrint {
    static let width = 80

    static func format(_ value: Value) -> String {
        var out = ""
        write(value, indent: 0, allowance: 0, into: &out)
        return out
    }

    /// `repr` with dict keys sorted, as `pprint` uses for anything that fits on one line.
    static func sortedRepr(_ value: Value) -> String {
        switch value {
        case .object(let dict):
            let entries = dict.sorted { PythonString.less($0.key, $1.key) }
                .map { Value.reprString($0.key) + ": " + sortedRepr($0.value) }
            return "{" + entries.joined(separator: ", ") + "}"
        case .array(let items):
            return "[" + items.map(sortedRepr).joined(separator: ", ") + "]"
        case .special(let s):
            if case .tuple(let items) = s.kind {
                return items.count == 1 ? "(" + sortedRepr(items[0]) + ",)" : "(" + items.map(sortedRepr).joined(separator: ", ") + ")"
            }
            return value.pythonRepr
        default:
            return value.pythonRepr
        }
    }

    private static func write(_ value: Value, indent: Int, allowance: Int, into out: inout String) {
        let rep = sortedRepr(value)
        guard PythonString.length(rep) > width - indent - allowance else {
            out += rep
            return
        }
        switch value {
        case .object(let dict):
            out += "{"
            let items = dict.sorted { PythonString.less($0.key, $1.key) }
            let inner = indent + 1
            for (i, item) in items.enumerated() {
                let last = i == items.count - 1
                let key = Value.reprString(item.key)
                out += key + ": "
                write(item.value, indent: inner + PythonString.length(key) + 2, allowance: last ? allowance + 1 : 1, into: &out)
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        case .array(let items):
            out += "["
            writeItems(items, indent: indent, allowance: allowance + 1, into: &out)
            out += "]"
        case .special(let s):
            if case .tuple(let items) = s.kind {
                let end = items.count == 1 ? ",)" : ")"
                out += "("
                writeItems(items, indent: indent, allowance: allowance + end.count, into: &out)
                out += end
            } else {
                out += rep
            }
        default:
            out += rep
        }
    }

    private static func writeItems(_ items: [Value], indent: Int, allowance: Int, into out: inout String) {
        let inner = indent + 1
        for (i, item) in items.enumerated() {
            let last = i == items.count - 1
            if i > 0 { out += ",\n" + String(repeating: " ", count: inner) }
            write(item, indent: inner, allowance: last ? allowance : 1, into: &out)
        }
    }
}
