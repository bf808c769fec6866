import InferenceTypes
import Testing

/// The JSON parser on its own: key order, escapes and surrogates, limits, numbers, invalid UTF-8, error offsets.
@Suite struct JSONParserTests {
    @Test func keepsObjectKeyOrder() throws {
        let v = try JSONValue.parse(#"{"z": 1, "a": 2, "m": {"y": true, "b": null}}"#)
        guard case .object(let members) = v, case .object(let inner) = members[2].value else {
            Issue.record("not an object: \(v)")
            return
        }
        #expect(members.map(\.key) == ["z", "a", "m"])
        #expect(inner.map(\.key) == ["y", "b"])
        #expect(v.serialized() == #"{"z":1,"a":2,"m":{"y":true,"b":null}}"#)
    }

    @Test func escapesAndSurrogatePairs() throws {
        #expect(try JSONValue.parse(#""a\"b\\c\/d\b\f\n\r\t""#) == .string("a\"b\\c/d\u{08}\u{0C}\n\r\t"))
        // U+1F600 as a surrogate pair, and U+00E9 as one escape.
        #expect(try JSONValue.parse(#""\ud83d\ude00 caf\u00e9""#) == .string("😀 café"))
        // Lone surrogates become U+FFFD instead of invalid text; the character after a lone high one is kept.
        #expect(try JSONValue.parse(#""\ud83d""#) == .string("\u{FFFD}"))
        #expect(try JSONValue.parse(#""\ude00x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue.parse(#""\ud83d\u0041""#) == .string("\u{FFFD}A"))
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#""\u12""#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#""\x41""#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("\"a\u{01}b\"") }
    }

    @Test func depthLimit() throws {
        let ok = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        #expect(throws: Never.self) { try JSONValue.parse(Array(ok.utf8), maxDepth: 100) }
        let deep = String(repeating: "[", count: 101) + String(repeating: "]", count: 101)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(Array(deep.utf8), maxDepth: 100) }
        // The default limit stops a hostile document long before the stack is in danger.
        let hostile = String(repeating: "{\"a\":", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(hostile) }
    }

    @Test func numbers() throws {
        #expect(try JSONValue.parse("9223372036854775807") == .int(Int64.max))
        #expect(try JSONValue.parse("-9223372036854775808") == .int(Int64.min))
        // Past Int64 an integer becomes a double rather than failing or wrapping.
        #expect(try JSONValue.parse("9223372036854775808") == .double(9223372036854775808))
        #expect(try JSONValue.parse("1e308") == .double(1e308))
        #expect(try JSONValue.parse("-0.5E-3") == .double(-0.0005))
        for bad in ["1e999", "-1e400", "01", "1.", ".5", "-", "1e", "+1", "NaN", "Infinity"] {
            #expect(throws: JSONParseError.self, "\(bad)") { try JSONValue.parse(bad) }
        }
        let huge = String(repeating: "9", count: 400)
        #expect(throws: JSONParseError.self) { try JSONValue.parse(huge) }
    }

    @Test func invalidUTF8IsRepairedNotRejected() throws {
        let bytes: [UInt8] = [0x22, 0x61, 0xFF, 0x62, 0xC3, 0x22]
        #expect(try JSONValue.parse(bytes) == .string("a\u{FFFD}b\u{FFFD}"))
    }

    @Test func errorsNameTheOffset() {
        do {
            _ = try JSONValue.parse(#"{"a": 1,, "b": 2}"#)
            Issue.record("accepted a double comma")
        } catch {
            #expect(error.offset == 8)
        }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a": 1} x"#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse(#"{"a" 1}"#) }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("[1, 2") }
        #expect(throws: JSONParseError.self) { try JSONValue.parse("tru") }
    }
}
