import InferenceTypes

/// Finds the top-level `"key"` member of a JSON body without parsing the rest: the ModelsLab routes take the API key
/// in the body, and a body from a caller not yet known to hold a key should cost a linear scan, not a tree of a
/// 32 MB document. Nested values are skipped by counting brackets outside strings; nothing is allocated but the key.
///
/// A member name written with escapes (`"k\u0065y"`) is not recognised; no client writes one.
public enum BodyKey {
    /// The string value of the top-level `key` member; nil when there is none, it is not a string, or the body is not
    /// a JSON object.
    public static func find(in bytes: [UInt8]) -> String? {
        var i = skipSpace(bytes, 0)
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return nil }
        i += 1
        while true {
            i = skipSpace(bytes, i)
            guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
            let nameStart = i
            guard let nameEnd = skipString(bytes, i) else { return nil }
            let isKey = nameEnd - nameStart == 5 && bytes[nameStart + 1] == UInt8(ascii: "k")
                && bytes[nameStart + 2] == UInt8(ascii: "e") && bytes[nameStart + 3] == UInt8(ascii: "y")
            i = skipSpace(bytes, nameEnd)
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
            i = skipSpace(bytes, i + 1)
            guard i < bytes.count else { return nil }
            let valueStart = i
            guard let valueEnd = skipValue(bytes, i) else { return nil }
            if isKey {
                guard bytes[valueStart] == UInt8(ascii: "\""),
                    case .string(let key)? = try? JSONValue.parse(Array(bytes[valueStart..<valueEnd]))
                else { return nil }
                return key
            }
            i = skipSpace(bytes, valueEnd)
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "}") { return nil }
            guard bytes[i] == UInt8(ascii: ",") else { return nil }
            i += 1
        }
    }

    private static func skipSpace(_ b: [UInt8], _ start: Int) -> Int {
        var i = start
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        return i
    }

    /// The index just past the string that starts at `start` (a quote).
    private static func skipString(_ b: [UInt8], _ start: Int) -> Int? {
        var i = start + 1
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\\"): i += 2
            case UInt8(ascii: "\""): return i + 1
            default: i += 1
            }
        }
        return nil
    }

    /// The index just past the value that starts at `start`: a string, an object or array (brackets counted outside
    /// strings, no recursion), or a number or literal (up to the next delimiter).
    private static func skipValue(_ b: [UInt8], _ start: Int) -> Int? {
        let first = b[start]
        if first == UInt8(ascii: "\"") { return skipString(b, start) }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            var i = start
            while i < b.count, !isDelimiter(b[i]) { i += 1 }
            return i
        }
        var depth = 0
        var i = start
        while i < b.count {
            switch b[i] {
            case UInt8(ascii: "\""):
                guard let end = skipString(b, i) else { return nil }
                i = end
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return i + 1 }
            default:
                break
            }
            i += 1
        }
        return nil
    }

    private static func isDelimiter(_ c: UInt8) -> Bool {
        c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || c == 0x20 || c == 0x0A || c == 0x0D
            || c == 0x09
    }
}
