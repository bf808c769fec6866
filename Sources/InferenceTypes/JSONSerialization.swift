/// Serialising `JSONValue` to text. Keys keep their order; non-ASCII characters are written as they are.
extension JSONValue {
    /// How separators are written.
    public enum Style: Sendable {
        /// `{"a":1,"b":[1,2]}`: what API responses use.
        case compact
        /// `{"a": 1, "b": [1, 2]}`: Python `json.dumps` defaults, used in prompts.
        case spaced
    }

    /// The JSON text of this value.
    public func serialized(_ style: Style = .compact) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(64)
        write(into: &out, style: style)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of this value to `out`.
    public func write(into out: inout [UInt8], style: Style = .compact) {
        switch self {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .int(let i): out.append(contentsOf: Array(String(i).utf8))
        case .double(let d): out.append(contentsOf: Array(JSONValue.formatDouble(d).utf8))
        case .string(let s): JSONValue.writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (n, item) in items.enumerated() {
                if n > 0 {
                    out.append(UInt8(ascii: ","))
                    if style == .spaced { out.append(0x20) }
                }
                item.write(into: &out, style: style)
            }
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            out.append(UInt8(ascii: "{"))
            for (n, pair) in pairs.enumerated() {
                if n > 0 {
                    out.append(UInt8(ascii: ","))
                    if style == .spaced { out.append(0x20) }
                }
                JSONValue.writeString(pair.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if style == .spaced { out.append(0x20) }
                pair.value.write(into: &out, style: style)
            }
            out.append(UInt8(ascii: "}"))
        }
    }

    /// Formats a double the way JSON needs it: shortest round-trip digits, integral values keep `.0`,
    /// non-finite values (not representable in JSON) become `null`.
    public static func formatDouble(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        return d.description
    }

    /// Writes `s` as a quoted JSON string, escaping quotes, backslashes and control characters.
    public static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case 0x22: out.append(0x5C); out.append(0x22)
            case 0x5C: out.append(0x5C); out.append(0x5C)
            case 0x0A: out.append(0x5C); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(0x5C); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(0x5C); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(0x5C); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(0x5C); out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex = Hex.digits
                out.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { serialized(.compact) }
}
