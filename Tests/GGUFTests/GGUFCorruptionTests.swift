import GGUF
import Testing
import TestSupport

/// Every kind of damage gives a `GGUFError` that names the file, the offset and the problem.
@Suite struct GGUFCorruptionTests {
    func parse(_ bytes: [UInt8]) -> GGUFError? {
        do {
            _ = try GGUFFile(bytes: bytes, name: "test.gguf")
            return nil
        } catch {
            return error
        }
    }

    var valid: [UInt8] { GGUFRoundTripTests.sample().encoded() }

    @Test func badMagic() throws {
        var b = valid
        b[0] = UInt8(ascii: "X")
        let e = try #require(parse(b))
        #expect(e.kind == .badMagic && e.offset == 0 && e.path == "test.gguf")
        #expect(e.description.contains("test.gguf") && e.description.contains("GGUF"))
    }

    @Test func unknownVersion() throws {
        var b = valid
        b[4] = 9
        #expect(try #require(parse(b)).kind == .unsupportedVersion(9))
        b[4] = 0; b[7] = 3  // big-endian 3
        #expect(try #require(parse(b)).description.contains("big-endian"))
    }

    @Test func truncatedEverywhere() throws {
        let b = valid
        let whole = try GGUFFile(bytes: b)
        let dataEnd = whole.tensors.map { whole.dataOffset + $0.offset + $0.byteCount }.max() ?? b.count
        // Every prefix that cuts into the data fails with a truncation error (the padding after it may go).
        for n in 0..<dataEnd {
            let e = try #require(parse(Array(b[0..<n])), "prefix \(n)")
            if n > 0 { #expect(e.kind == .truncated || e.kind == .badTensor, "prefix \(n): \(e)") }
        }
    }

    @Test func hugeCountsAreRejectedWithoutAllocating() throws {
        var b = valid
        // kv_count at byte 16: claim 2^60 entries.
        for i in 0..<8 { b[16 + i] = i == 7 ? 0x10 : 0 }
        let e = try #require(parse(b))
        #expect(e.kind == .truncated && e.offset == 16)
    }

    @Test func unknownTensorType() throws {
        var w = GGUFWriter()
        w.addTensor("x", shape: [32], type: .q8_0, data: Array(repeating: 0, count: 34))
        var b = w.encoded()
        // The type id sits 12 bytes before the end of the only tensor entry (type u32 + offset u64).
        let entryEnd = 24 + 8 + 1 + 4 + 8 + 4 + 8
        b[entryEnd - 12] = 77
        let e = try #require(parse(b))
        #expect(e.kind == .unknownTensorType(77))
        #expect(e.message.contains("\"x\"") && e.message.contains("77"))
    }

    @Test func overlappingAndMisalignedTensors() throws {
        var w = GGUFWriter()
        w.addTensor("x", shape: [32], type: .f32, data: Array(repeating: 0, count: 128))
        w.addTensor("y", shape: [32], type: .f32, data: Array(repeating: 0, count: 128))
        var b = w.encoded()
        // y's offset field is the last 8 bytes of the index: point it at 32 (inside x's 128 bytes).
        let entry = 24 + 8 + 1 + 4 + 8 + 4 + 8
        let yOffsetAt = entry + 8 + 1 + 4 + 8 + 4
        b[yOffsetAt] = 32
        #expect(try #require(parse(b)).message.contains("overlaps"))
        b[yOffsetAt] = 130
        #expect(try #require(parse(b)).message.contains("alignment"))
    }

    @Test func badBoolAndUnknownValueType() throws {
        var w = GGUFWriter()
        w.set("flag", .bool(true))
        var b = w.encoded()
        let valueAt = 24 + 8 + 4 + 4
        b[valueAt] = 2
        #expect(try #require(parse(b)).message.contains("bool"))
        b[valueAt] = 1
        b[valueAt - 4] = 99
        #expect(try #require(parse(b)).message.contains("unknown value type 99"))
    }

    @Test func missingFile() throws {
        #expect(throws: GGUFError.self) { try GGUFFile(path: "/nonexistent/model.gguf") }
        do {
            _ = try GGUFFile(path: "/nonexistent/model.gguf")
        } catch {
            #expect(error.kind == .cannotOpen && error.description.contains("/nonexistent/model.gguf"))
        }
    }
}
