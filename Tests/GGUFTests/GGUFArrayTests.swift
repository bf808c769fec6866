import GGUF
import Testing
import TestSupport

/// Arrays are stored compactly (strings as strings, numbers as raw bytes) and still read back as the values the
/// file holds, element by element and whole.
@Suite struct GGUFArrayTests {
    static func file(_ entries: [(String, GGUFValue)]) throws -> GGUFFile {
        var w = GGUFWriter()
        for (k, v) in entries { w.set(k, v) }
        return try GGUFFile(bytes: w.encoded())
    }

    @Test func packedNumbersReadBackElementByElement() throws {
        let f = try Self.file([
            ("u8", .array(.uint8, [.uint8(0), .uint8(255)])),
            ("i16", .array(.int16, [.int16(-2), .int16(300)])),
            ("u64", .array(.uint64, [.uint64(1 << 40), .uint64(.max)])),
            ("f64", .array(.float64, [.float64(0.25), .float64(-3)])),
            ("flags", .array(.bool, [.bool(true), .bool(false)])),
        ])
        let m = f.metadata
        #expect(m["u8"]?.arrayValue.map(Array.init) == [.uint8(0), .uint8(255)])
        #expect(m["i16"]?.arrayValue?.last == .int16(300))
        #expect(m.intArray("i16") == [-2, 300])
        // A uint64 past Int.max is not an Int: the whole conversion says no rather than truncating.
        #expect(m.intArray("u64") == nil)
        #expect(m["u64"]?.arrayValue?[1] == .uint64(.max))
        #expect(m.floatArray("f64") == [0.25, -3])
        #expect(m.floatArray("i16") == [-2, 300])
        #expect(m["flags"]?.arrayValue.map(Array.init) == [.bool(true), .bool(false)])
        #expect(m.floatArray("flags") == nil)
        #expect(m.stringArray("i16") == nil)
        #expect(m["f64"]?.description == "[0.25, -3.0]")
    }

    @Test func aBadBoolInsideAnArrayIsAnError() throws {
        var w = GGUFWriter()
        w.set("flags", .array(.bool, [.bool(true), .bool(false), .bool(true)]))
        var b = w.encoded()
        // header 24, key "flags" 8 + 5, value type 4, element type 4, count 8, then the elements.
        let elementsAt = 24 + 8 + 5 + 4 + 4 + 8
        #expect(b[elementsAt] == 1 && b[elementsAt + 2] == 1)
        b[elementsAt + 1] = 7
        #expect(throws: GGUFError.self) { try GGUFFile(bytes: b) }
        do {
            _ = try GGUFFile(bytes: b)
        } catch {
            #expect(error.message.contains("bool byte is 7"))
            #expect(error.offset == elementsAt + 1)
        }
    }

    @Test func builtArraysEqualParsedOnes() throws {
        let values: [GGUFValue] = [.int32(1), .int32(-1)]
        let f = try Self.file([("xs", .array(.int32, values)), ("empty", .array(.string, []))])
        #expect(f.metadata["xs"] == .array(.int32, values))
        #expect(f.metadata.stringArray("empty") == [])
    }
}
