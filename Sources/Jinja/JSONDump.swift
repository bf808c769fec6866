/// Python's `json.dumps(value, ensure_ascii=…, indent=…, separators=…, sort_keys=…)`, which is what the
/// `tojson` filter is in Hugging Face's chat-template environment (no HTML escaping).
struct JSONDump {
    /// `indent`: `nil` for one line; otherwise the text repeated per nesting level.
    var indent: String?
    var itemSeparator: String
    var keySeparator: String
    var sortKeys: Bool
    var ensureASCII: Bool
    /// The longest text (bytes) it may write.
    var limit: Int

    /// Python's defaults: `", "` and `": "` on one line; `","` and `": "` with an indent.
    init(
        indent: String? = nil, separators: (String, String)? = nil, sortKeys: Bool = false, ensureASCII: Bool = false,
        limit: Int = Limits.maxResultLength
    ) {
        self.indent = indent
        self.itemSeparator = separators?.0 ?? (indent == nil ? ", " : ",")
        self.keySeparator = separators?.1 ?? ": "
        self.sortKeys = sortKeys
        self.ensureASCII = ensureASCII
        self.limit = limit
    }

    func dump(_ value: Value, at location: SourceLocation?) throws(TemplateError) -> String {
        if let indent { try Limits.checkWidth(indent.utf8.count, location) }
        var out = ""
        try write(value, level: 0, into: &out, location)
        try Limits.checkResult(out.utf8.count, limit: limit, location)
        return out
    }

    private func write(_ value: Value, level: Int, into out: inout String, _ location: SourceLocation?)
        throws(TemplateError)
    {
        switch value {
        case .none: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isNaN {
                out += "NaN"
            } else if d.isInfinite {
                out += d < 0 ? "-Infinity" : "Infinity"
            } else {
                out += PythonFloat.repr(d)
            }
        case .string(let s): writeString(s, into: &out)
        case .array(let items): try writeArray(items, level: level, into: &out, location)
        case .object(let dict):
            var pairs = Array(dict)
            if sortKeys { pairs.sort { PythonString.less($0.key, $1.key) } }
            if pairs.isEmpty {
                out += "{}"
                return
            }
            out += "{"
            let (separator, closing) = try layout(level, location)
            out += separator.opening
            for (i, pair) in pairs.enumerated() {
                try Limits.checkResult(out.utf8.count, limit: limit, location)
                if i > 0 { out += separator.between }
                writeString(pair.key, into: &out)
                out += keySeparator
                try write(pair.value, level: level + 1, into: &out, location)
            }
            out += closing
            out += "}"
        case .special(let s):
            if case .tuple(let items) = s.kind {
                try writeArray(items, level: level, into: &out, location)
                return
            }
            throw .runtime("Object of type \(value.pythonTypeName) is not JSON serializable", location)
        case .undefined:
            throw .runtime("Object of type Undefined is not JSON serializable", location)
        }
    }

    private func writeArray(_ items: [Value], level: Int, into out: inout String, _ location: SourceLocation?)
        throws(TemplateError)
    {
        if items.isEmpty {
            out += "[]"
            return
        }
        out += "["
        let (separator, closing) = try layout(level, location)
        out += separator.opening
        for (i, item) in items.enumerated() {
            // One large value listed many times over would otherwise make text far longer than its memory.
            try Limits.checkResult(out.utf8.count, limit: limit, location)
            if i > 0 { out += separator.between }
            try write(item, level: level + 1, into: &out, location)
        }
        out += closing
        out += "]"
    }

    /// What goes after the opening bracket, between items, and before the closing bracket.
    private func layout(_ level: Int, _ location: SourceLocation?) throws(TemplateError)
        -> ((opening: String, between: String), String)
    {
        guard let indent else { return (("", itemSeparator), "") }
        try Limits.checkResult(indent.utf8.count * (level + 1), limit: limit, location)
        let inner = "\n" + String(repeating: indent, count: level + 1)
        return ((inner, itemSeparator + inner), "\n" + String(repeating: indent, count: level))
    }

    private func writeString(_ s: String, into out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 || (ensureASCII && c.value > 0x7E) {
                    if c.value > 0xFFFF {
                        let v = c.value - 0x10000
                        out += JSONDump.hex4(0xD800 + (v >> 10)) + JSONDump.hex4(0xDC00 + (v & 0x3FF))
                    } else {
                        out += JSONDump.hex4(c.value)
                    }
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }

    private static func hex4(_ v: UInt32) -> String {
        let hex = String(v, radix: 16)
        return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
    }
}
