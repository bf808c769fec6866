import Foundation
import GGUF
import Testing
import TestSupport

/// Random truncations and bit flips must produce a `GGUFError` or a valid file, never a crash or an out-of-bounds
/// read. Each run is bounded in iterations and in time so CI stays predictable.
@Suite struct GGUFFuzzTests {
    /// A seeded generator so a failure can be reproduced from the printed seed.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Mutates `bytes` (flips 1–8 bits inside `flipRange`, sometimes truncates) and parses the result.
    static func mutateAndParse(_ base: [UInt8], flipRange: Range<Int>, rng: inout SplitMix) -> Bool {
        var b = base
        for _ in 0..<Int.random(in: 1...8, using: &rng) {
            let i = Int.random(in: flipRange, using: &rng)
            b[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
        }
        if Bool.random(using: &rng) { b.removeLast(Int.random(in: 0..<b.count, using: &rng)) }
        do {
            let f = try GGUFFile(bytes: b, name: "fuzz")
            // A file that still parses must hand out only in-bounds tensor data.
            for t in f.tensors { _ = f.data(for: t).last }
            return true
        } catch {
            return !error.message.isEmpty
        }
    }

    @Test func syntheticFile() {
        let base = GGUFRoundTripTests.sample().encoded()
        var rng = SplitMix(state: 0x5EED)
        let deadline = Date().addingTimeInterval(10)
        var n = 0
        while n < 20_000, Date() < deadline {
            #expect(Self.mutateAndParse(base, flipRange: 0..<base.count, rng: &rng))
            n += 1
        }
        #expect(n >= 500)
    }

    @Test func realModelHeader() throws {
        let path = try TestPaths.model(fileName: TestPaths.smolLM2)
        let real = try GGUFFile(path: path)
        // Keep the metadata + index (where parsing happens) and a little data: flips go in the parsed region, and
        // the cut file exercises the "data runs past the end" checks as well.
        let data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
        let base = [UInt8](data.prefix(real.dataOffset + 4096))
        var rng = SplitMix(state: 0xF00D)
        let deadline = Date().addingTimeInterval(10)
        var n = 0
        while n < 300, Date() < deadline {
            #expect(Self.mutateAndParse(base, flipRange: 0..<real.dataOffset, rng: &rng))
            n += 1
        }
        #expect(n >= 10)
    }
}
