/// ASCII byte constants and small byte helpers shared by the output parsers.
enum ASCII {
    static let quote = UInt8(ascii: "\"")
    static let backslash = UInt8(ascii: "\\")
    static let openBrace = UInt8(ascii: "{")
    static let closeBrace = UInt8(ascii: "}")
    static let openBracket = UInt8(ascii: "[")
    static let closeBracket = UInt8(ascii: "]")
    static let comma = UInt8(ascii: ",")
    static let colon = UInt8(ascii: ":")
    static let semicolon = UInt8(ascii: ";")
    static let minus = UInt8(ascii: "-")
    static let plus = UInt8(ascii: "+")
    static let dot = UInt8(ascii: ".")

    /// C `isspace` in the "C" locale: space, \t, \n, \v, \f, \r. Used around tags (as llama.cpp's parser does).
    static func isSpace(_ b: UInt8) -> Bool {
        b == 0x20 || (b >= 0x09 && b <= 0x0D)
    }

    /// JSON insignificant whitespace (RFC 8259): space, \t, \n, \r.
    static func isJSONSpace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66)
    }

    /// Bytes allowed in a bare function name (Mistral's `[TOOL_CALLS]name[ARGS]` form).
    static func isNameByte(_ b: UInt8) -> Bool {
        isDigit(b) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == ASCII.minus || b == ASCII.dot
    }
}

/// How far a tag matches the bytes at some position of a buffer.
enum TagMatch: Equatable {
    /// The whole tag is there.
    case full
    /// The buffer ends inside a prefix of the tag: more input decides.
    case partial
    /// The bytes differ from the tag.
    case none
}

extension Array where Element == UInt8 {
    /// Matches `tag` at `index`. With `final` (no more input will come) a prefix cut by the end is `.none`.
    func match(_ tag: [UInt8], at index: Int, final: Bool) -> TagMatch {
        let available = count - index
        let n = Swift.min(available, tag.count)
        for k in 0..<n where self[index + k] != tag[k] { return .none }
        if n == tag.count { return .full }
        return final ? .none : .partial
    }
}
