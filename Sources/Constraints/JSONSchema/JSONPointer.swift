/// An RFC 6901 JSON pointer, used to say where in a schema an error is.
struct JSONPointer: Hashable, Sendable, CustomStringConvertible {
    /// Unescaped reference tokens, outermost first.
    var tokens: [String]

    /// The whole document (`""`).
    static let root = JSONPointer(tokens: [])

    /// This pointer extended by an object key.
    func appending(_ key: String) -> JSONPointer { JSONPointer(tokens: tokens + [key]) }

    /// This pointer extended by an array index.
    func appending(_ index: Int) -> JSONPointer { JSONPointer(tokens: tokens + [String(index)]) }

    /// The escaped text form, `/properties/a~1b` for the key `a/b`.
    var description: String {
        var out = ""
        for t in tokens {
            out += "/"
            for ch in t {
                switch ch {
                case "~": out += "~0"
                case "/": out += "~1"
                default: out.append(ch)
                }
            }
        }
        return out
    }

    /// Parses the fragment of a local `$ref` (`#/$defs/node`, `#`); `nil` when it is not a local JSON pointer.
    init?(fragment ref: String) {
        guard ref.hasPrefix("#") else { return nil }
        let body = String(ref.dropFirst())
        if body.isEmpty { self.tokens = []; return }
        guard body.hasPrefix("/") else { return nil }
        guard let decoded = body.removingPercentEncodingSafe else { return nil }
        var tokens: [String] = []
        for raw in decoded.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var tilde = false
            for ch in raw {
                if tilde {
                    switch ch {
                    case "0": token.append("~")
                    case "1": token.append("/")
                    default: return nil
                    }
                    tilde = false
                } else if ch == "~" {
                    tilde = true
                } else {
                    token.append(ch)
                }
            }
            if tilde { return nil }
            tokens.append(token)
        }
        self.tokens = tokens
    }

    init(tokens: [String]) { self.tokens = tokens }
}

extension String {
    /// Minimal percent-decoding for URI fragments (`%25` → `%`); `nil` on a malformed escape.
    fileprivate var removingPercentEncodingSafe: String? {
        guard contains("%") else { return self }
        var bytes: [UInt8] = []
        let src = Array(utf8)
        var i = 0
        while i < src.count {
            if src[i] == UInt8(ascii: "%") {
                guard i + 2 < src.count, let h = hexValue(src[i + 1]), let l = hexValue(src[i + 2]) else { return nil }
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(src[i])
                i += 1
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

/// The value of an ASCII hex digit.
func hexValue(_ b: UInt8) -> UInt8? {
    switch b {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return b - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return b - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return b - UInt8(ascii: "A") + 10
    default: return nil
    }
}
