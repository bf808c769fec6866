import GGUF
import Testing
import TestSupport

/// Files written by `GGUFWriter` read back with every value type, nested arrays, alignment and tensor data intact.
@Suite struct GGUFRoundTripTests {
    static func sample(version: UInt32 = 3, alignment: Int = 32) -> GGUFWriter {
        var w = GGUFWriter(version: version, alignment: alignment)
        w.set("general.architecture", .string("llama"))
        w.set("u8", .uint8(200))
        w.set("i8", .int8(-5))
        w.set("u16", .uint16(65000))
        w.set("i16", .int16(-30000))
        w.set("u32", .uint32(4_000_000_000))
        w.set("i32", .int32(-2_000_000_000))
        w.set("u64", .uint64(1 << 40))
        w.set("i64", .int64(-(1 << 40)))
        w.set("f32", .float32(1.5))
        w.set("f64", .float64(-2.25))
        w.set("yes", .bool(true))
        w.set("unicode", .string("héllo ▁ 🌍"))
        w.set("strings", .array(.string, [.string("a"), .string(""), .string("ü")]))
        w.set("floats", .array(.float32, [.float32(0.5), .float32(-1)]))
        w.set("nested", .array(.array, [.array(.int32, [.int32(1), .int32(2)]), .array(.int32, [])]))
        w.addTensor("a", shape: [4, 2], floats: [1, 2, 3, 4, 5, 6, 7, 8])
        w.addTensor("b", shape: [32], type: .q8_0, data: Array(repeating: 7, count: 34))
        w.addTensor("c", shape: [3], floats: [9, 10, 11])
        return w
    }

    @Test(arguments: [(UInt32(2), 32), (UInt32(3), 32), (UInt32(3), 64)])
    func roundTrip(version: UInt32, alignment: Int) throws {
        let f = try GGUFFile(bytes: Self.sample(version: version, alignment: alignment).encoded())
        #expect(f.version == version)
        #expect(f.alignment == alignment)
        #expect(f.dataOffset % alignment == 0)
        let m = f.metadata
        #expect(m.keys.prefix(3) == ["general.architecture", "u8", "i8"])
        #expect(m.int("u8") == 200 && m.int("i8") == -5 && m.int("u16") == 65000 && m.int("i16") == -30000)
        #expect(m.int("u32") == 4_000_000_000 && m.int("i32") == -2_000_000_000)
        #expect(m.int("u64") == 1 << 40 && m.int("i64") == -(1 << 40))
        #expect(m.double("f32") == 1.5 && m.double("f64") == -2.25)
        #expect(m.bool("yes") == true)
        #expect(m.string("unicode") == "héllo ▁ 🌍")
        #expect(m.stringArray("strings") == ["a", "", "ü"])
        #expect(m.floatArray("floats") == [0.5, -1])
        #expect(m["nested"] == .array(.array, [.array(.int32, [.int32(1), .int32(2)]), .array(.int32, [])]))
        let a = try #require(f.tensor(named: "a"))
        #expect(a.shape == [4, 2] && a.rowCount == 2 && a.rowLength == 4 && a.byteCount == 32)
        let floats = f.data(for: a).withMemoryRebound(to: Float.self) { Array($0) }
        #expect(floats == [1, 2, 3, 4, 5, 6, 7, 8])
        let b = try #require(f.tensor(named: "b"))
        #expect(b.type == .q8_0 && b.byteCount == 34 && b.offset % alignment == 0)
        #expect(Array(f.data(for: b)) == Array(repeating: 7, count: 34))
        #expect(f.tensor(named: "c").map { Array(f.data(for: $0)).count } == 12)
    }

    @Test func typeGeometry() {
        #expect(GGMLType.q4_K.blockBytes == 144 && GGMLType.q4_K.blockElements == 256)
        #expect(GGMLType.q6_K.blockBytes == 210 && GGMLType.q5_0.blockBytes == 22 && GGMLType.q4_1.blockBytes == 20)
        #expect(GGMLType.q8_K.blockBytes == 292 && GGMLType.bf16.blockBytes == 2)
        #expect(GGMLType.q4_K.name == "Q4_K" && GGMLType.f16.name == "F16" && GGMLType.iq2_xxs.name == "IQ2_XXS")
    }
}
