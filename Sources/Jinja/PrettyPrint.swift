/// Python's `pprint.pformat(value)` (width 80, dict keys sorted), which the `pprint` filter prints.
/// Long strings are not split into chunks as Python does; containers wrap as in Python.
enum PrettyPrint {
    static let width = 80

    /// The text, written only until it is longer than `limit` bytes (a list can hold one large value many times
    /// over; the caller refuses text over its limit).
    static func format(_ value: Value, limit: Int = Limits.maxResultLength) -> String {
        var out = ""
        write(value, indent: 0, allowance: 0, limit: limit, into: &out)
        return out
    }

    /// `repr` with dict keys sorted, as `pprint` uses for anything that fits on one line; written only until it is
    /// longer than `limit` bytes.
    static func sortedRepr(_ value: Value, limit: Int = Limits.maxResultLength) -> String {
        var out = ""
        writeSortedRepr(value, limit: limit, into: &out)
        return out
    }

    private static func writeSortedRepr(_ value: Value, limit: Int, into out: inout String) {
        func sequence(_ items: [Value], _ open: String, _ close: String) {
            out += open
            for (i, item) in items.enumerated() {
                if out.utf8.count > limit { return }
                if i > 0 { out += ", " }
                writeSortedRepr(item, limit: limit, into: &out)
            }
            out += close
        }
        switch value {
        case .object(let dict):
            out += "{"
            for (i, entry) in dict.sorted(by: { PythonString.less($0.key, $1.key) }).enumerated() {
                if out.utf8.count > limit { return }
                if i > 0 { out += ", " }
                out += Value.reprString(entry.key) + ": "
                writeSortedRepr(entry.value, limit: limit, into: &out)
            }
            out += "}"
        case .array(let items):
            sequence(items, "[", "]")
        case .special(let s):
            if case .tuple(let items) = s.kind {
                sequence(items, "(", items.count == 1 ? ",)" : ")")
            } else {
                out += value.pythonRepr(limit: limit)
            }
        default:
            out += value.pythonRepr(limit: limit)
        }
    }

    private static func write(_ value: Value, indent: Int, allowance: Int, limit: Int, into out: inout String) {
        if out.utf8.count > limit { return }
        // Whether the value fits on the line needs at most its first `room + 1` characters (4 bytes at most each).
        let room = width - indent - allowance
        let rep = sortedRepr(value, limit: 4 * max(0, room + 1))
        guard PythonString.length(rep) > room else {
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
                write(
                    item.value, indent: inner + PythonString.length(key) + 2, allowance: last ? allowance + 1 : 1,
                    limit: limit, into: &out)
                if out.utf8.count > limit { return }
                if !last { out += ",\n" + String(repeating: " ", count: inner) }
            }
            out += "}"
        case .array(let items):
            out += "["
            writeItems(items, indent: indent, allowance: allowance + 1, limit: limit, into: &out)
            out += "]"
        case .special(let s):
            if case .tuple(let items) = s.kind {
                let end = items.count == 1 ? ",)" : ")"
                out += "("
                writeItems(items, indent: indent, allowance: allowance + end.count, limit: limit, into: &out)
                out += end
            } else {
                out += value.pythonRepr(limit: limit)
            }
        default:
            out += value.pythonRepr(limit: limit)
        }
    }

    private static func writeItems(_ items: [Value], indent: Int, allowance: Int, limit: Int, into out: inout String) {
        let inner = indent + 1
        for (i, item) in items.enumerated() {
            if out.utf8.count > limit { return }
            let last = i == items.count - 1
            if i > 0 { out += ",\n" + String(repeating: " ", count: inner) }
            write(item, indent: inner, allowance: last ? allowance : 1, limit: limit, into: &out)
        }
    }
}
