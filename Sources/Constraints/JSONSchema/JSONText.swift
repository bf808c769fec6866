import InferenceTypes

/// The lexical pieces of JSON as grammar expressions: whitespace, string characters, literals.
enum JSONText {
    /// Whitespace between JSON tokens, bounded so a small model cannot loop on it: nothing, one space, or one
    /// newline followed by up to 20 spaces or tabs.
    static let ws: GrammarExpr = .alt([
        .empty, .literal(" "), .seq([.literal("\n"), .rep(.ascii(" \t"), min: 0, max: 20)]),
    ])

    /// Characters that must be escaped inside a JSON string: `"`, `\` and U+0000–U+001F.
    static let mustEscape = CodePointSet([0x00...0x1F, 0x22...0x22, 0x5C...0x5C])

    /// Characters written as themselves inside a JSON string.
    static let plain = CodePointSet.all.subtracting(mustEscape)

    private static let hexDigit: GrammarExpr = .ascii("0123456789abcdefABCDEF")

    /// Four hex digits that do not encode a UTF-16 surrogate (lone surrogates do not survive decoding, and a
    /// surrogate pair would count as two characters against `maxLength` but as one in the decoded string).
    static let hex4NonSurrogate: GrammarExpr = .alt([
        .seq([.ascii("0123456789abcABCefEF"), .rep(hexDigit, min: 3, max: 3)]),
        .seq([.ascii("dD"), .ascii("01234567"), .rep(hexDigit, min: 2, max: 2)]),
    ])

    /// One character of a free JSON string: a plain character or any escape (no surrogate `\u` escapes).
    static let stringChar: GrammarExpr = .alt([
        .chars(plain),
        .seq([.literal("\\"), .alt([.ascii("\"\\/bfnrt"), .seq([.literal("u"), hex4NonSurrogate])])]),
    ])

    /// One character in canonical encoding only (plain characters as themselves, and only the escapes a
    /// serializer must write). Used for object keys that must differ from given names byte-for-byte.
    static let canonicalChar: GrammarExpr = encodedChars(.all)

    /// The canonical escape of a character that must be escaped.
    static func escape(_ c: UInt32) -> [UInt8] {
        switch c {
        case 0x22: return Array("\\\"".utf8)
        case 0x5C: return Array("\\\\".utf8)
        case 0x08: return Array("\\b".utf8)
        case 0x09: return Array("\\t".utf8)
        case 0x0A: return Array("\\n".utf8)
        case 0x0C: return Array("\\f".utf8)
        case 0x0D: return Array("\\r".utf8)
        default:
            let hex = Array("0123456789abcdef".utf8)
            return Array("\\u00".utf8) + [hex[Int(c >> 4)], hex[Int(c & 15)]]
        }
    }

    /// One character of `set`, in canonical JSON-string encoding.
    static func encodedChars(_ set: CodePointSet) -> GrammarExpr {
        var branches: [GrammarExpr] = []
        let p = set.intersection(plain)
        if !p.isEmpty { branches.append(.chars(p)) }
        for r in set.intersection(mustEscape).ranges {
            for c in r { branches.append(.bytes(escape(c))) }
        }
        if branches.isEmpty { return .nothing }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    /// The canonical compact JSON text of a value (what enum/const values must be written as).
    static func serialize(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        value.write(into: &out, style: .compact)
        return out
    }

    /// The quoted canonical encoding of a string.
    static func quoted(_ s: String) -> [UInt8] { serialize(.string(s)) }

    /// A free string: `"` any characters `"`.
    static let freeString: GrammarExpr = .seq([.literal("\""), .rep(stringChar, min: 0, max: nil), .literal("\"")])

    /// A number with bounded digit counts (so a model cannot emit digits forever): up to 15 integer digits,
    /// up to 15 fraction digits and an optional exponent of up to 2 digits.
    static let freeNumber: GrammarExpr = .seq([
        .optional(.literal("-")),
        .alt([.literal("0"), .seq([.range("1", "9"), .rep(.range("0", "9"), min: 0, max: 14)])]),
        .optional(.seq([.literal("."), .rep(.range("0", "9"), min: 1, max: 15)])),
        .optional(.seq([.ascii("eE"), .optional(.ascii("+-")), .rep(.range("0", "9"), min: 1, max: 2)])),
    ])
}
