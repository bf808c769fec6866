import Kernels
#if canImport(KernelsX86)
import KernelsX86
#endif
import TestSupport
import Testing

/// The vectorised pieces of the ggml-exact kernels against their scalar twins.
@Suite struct GGMLExactKernelTests {
    @Test func q5HighBitsMatchesScalarTwin() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        var patterns: [UInt32] = [0, 1, 0xFFFF_FFFF, 0x8000_0000, 0x5555_5555, 0xAAAA_AAAA]
        for _ in 0..<2000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            patterns.append(UInt32(truncatingIfNeeded: state >> 29))
        }
        for qh in patterns {
            let fast = q5HighBits(qh), slow = q5HighBitsReference(qh)
            #expect(fast.0 == slow.0 && fast.1 == slow.1, "qh \(String(qh, radix: 16))")
        }
    }
}

#if canImport(KernelsX86)
/// The C kernels (KernelsX86) against their Swift twins in GGMLExactDots.swift, bit for bit, on random
/// blocks (random quant bytes, scales set to ordinary halves) and activations quantized by Kernels.
@Suite struct GGMLExactAVX2Tests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        mutating func float() -> Float { Float(next() % 2_000_001) / 1_000_000 - 1 }
    }

    /// `blocks` random weight blocks with every f16 scale field at `scaleOffsets` set to a value in ±(0.001…0.05).
    func weights(_ blockBytes: Int, blocks: Int, scaleOffsets: [Int], _ g: inout Generator) -> [UInt8] {
        var bytes = (0..<(blockBytes * blocks)).map { _ in UInt8(truncatingIfNeeded: g.next()) }
        for b in 0..<blocks {
            for offset in scaleOffsets {
                let half = Float16(g.float() * 0.05).bitPattern
                bytes[b * blockBytes + offset] = UInt8(half & 0xFF)
                bytes[b * blockBytes + offset + 1] = UInt8(half >> 8)
            }
        }
        return bytes
    }

    func activations(_ format: ActivationFormat, count: Int, _ g: inout Generator) -> [UInt8] {
        let x = (0..<count).map { _ in g.float() * 3 }
        var out = [UInt8](repeating: 0, count: count / format.blockElements * format.blockBytes)
        x.withUnsafeBufferPointer { xs in
            out.withUnsafeMutableBytes { quantizeActivations(xs.baseAddress!, count: count, format: format, into: $0.baseAddress!) }
        }
        return out
    }

    @Test func q5_0MatchesSwiftTwin() {
        var g = Generator(state: 11)
        for blocks in [1, 2, 20] {
            for _ in 0..<50 {
                let w = weights(22, blocks: blocks, scaleOffsets: [0], &g)
                let a = activations(.q8_0, count: 32 * blocks, &g)
                let fast = swl_dot_q5_0_q8_0(w, a, Int32(blocks))
                let slow = w.withUnsafeBytes { wb in a.withUnsafeBytes { dotQ5_0(wb.baseAddress!, $0.baseAddress!, blocks: blocks) } }
                #expect(fast.bitPattern == slow.bitPattern, "\(blocks) blocks: \(fast) vs \(slow)")
            }
        }
    }

    /// Four Q5_0 weight rows of `blocks` blocks, `columns` Q8_0 activation columns and their widened block scales.
    func q5_0Case(blocks: Int, columns: Int, _ g: inout Generator) -> (w: [UInt8], a: [UInt8], scales: [Float]) {
        var w: [UInt8] = []
        for _ in 0..<4 { w += weights(22, blocks: blocks, scaleOffsets: [0], &g) }
        var a: [UInt8] = []
        for _ in 0..<columns { a += activations(.q8_0, count: 32 * blocks, &g) }
        let scales = (0..<(columns * blocks)).map { i in
            let at = (i / blocks) * 34 * blocks + (i % blocks) * 34
            return Float(Float16(bitPattern: UInt16(a[at]) | UInt16(a[at + 1]) << 8))
        }
        return (w, a, scales)
    }

    /// `out` (`[columns][5]`) holds, for rows 1…3 of `w`, the bits of the one-column kernel, and nothing in row
    /// slots 0 and 4 (the kernel ran rows 1 ..< 4: an odd count, so the two-row decode kernel has a lone last row).
    func expectRows1To3(_ out: [Float], _ w: [UInt8], _ a: [UInt8], blocks: Int, columns: Int, _ label: String) {
        for c in 0..<columns {
            for r in 1..<4 {
                let one = w.withUnsafeBytes { wb in
                    a.withUnsafeBytes {
                        swl_dot_q5_0_q8_0(wb.baseAddress! + r * 22 * blocks, $0.baseAddress! + c * 34 * blocks,
                                          Int32(blocks))
                    }
                }
                #expect(out[c * 5 + r].bitPattern == one.bitPattern, "\(label): row \(r) column \(c) of \(columns)")
            }
            #expect(out[c * 5].isNaN && out[c * 5 + 4].isNaN, "\(label): column \(c) wrote outside rows 1 ..< 4")
        }
    }

    /// The Q5_0 rows kernel (8 columns per unpacked weight block; with AVX-512 one column runs two rows per register)
    /// gives, for every row and column, the bits of the one-column kernel (1–17 columns, so every width of a group and
    /// full plus partial groups of eight), under every instruction-set variant.
    @Test func q5_0RowsMatchOneColumnKernel() {
        var g = Generator(state: 21)
        for blocks in [1, 20] {
            for columns in [1, 2, 3, 4, 5, 6, 7, 8, 9, 17] {
                let (w, a, scales) = q5_0Case(blocks: blocks, columns: columns, &g)
                forEachKernelISA { isa in
                    var out = [Float](repeating: .nan, count: columns * 5)
                    w.withUnsafeBytes { wb in
                        a.withUnsafeBytes { ab in
                            out.withUnsafeMutableBufferPointer { ob in
                                swl_q5_0_q8_0_rows(wb.baseAddress, 22 * blocks, 1, 4, ab.baseAddress, 34 * blocks,
                                                   scales, Int32(columns), Int32(blocks), ob.baseAddress, 5)
                            }
                        }
                    }
                    expectRows1To3(out, w, a, blocks: blocks, columns: columns, "\(blocks) blocks, \(isa)")
                }
            }
        }
    }

    /// The AVX-512 pair kernel (two columns per register, up to 16 per weight block) gives, for every row and column,
    /// the bits of the one-column kernel: 1–33 columns, so odd counts (a zero second column), every pair count of a
    /// call and full plus partial groups of sixteen.
    @Test(.enabled(if: KernelVariant.avx512vnni.isSupported))
    func q5_0PairsMatchOneColumnKernel() {
        var g = Generator(state: 23)
        for blocks in [1, 20] {
            for columns in [1, 2, 3, 5, 8, 9, 15, 16, 17, 33] {
                let (w, a, scales) = q5_0Case(blocks: blocks, columns: columns, &g)
                let pairCount = (columns + 1) / 2
                var ys = [UInt8](repeating: 0xAA, count: pairCount * blocks * 64)
                var ds = [Float](repeating: .nan, count: pairCount * blocks * 16)
                var corr = [Int32](repeating: 0x5555_5555, count: pairCount * blocks * 16)
                a.withUnsafeBytes { ab in
                    ys.withUnsafeMutableBytes { yb in
                        ds.withUnsafeMutableBufferPointer { db in
                            corr.withUnsafeMutableBufferPointer { cb in
                                swl_q8_0_pairs(ab.baseAddress, 34 * blocks, scales, Int32(columns), Int32(blocks),
                                               yb.baseAddress, db.baseAddress, cb.baseAddress)
                            }
                        }
                    }
                }
                var out = [Float](repeating: .nan, count: columns * 5 + 5)
                w.withUnsafeBytes { wb in
                    out.withUnsafeMutableBufferPointer { ob in
                        swl_q5_0_q8_0_pairs_rows(wb.baseAddress, 22 * blocks, 1, 4, ys, ds, corr, Int32(columns),
                                                 Int32(blocks), ob.baseAddress, 5)
                    }
                }
                expectRows1To3(out, w, a, blocks: blocks, columns: columns, "\(blocks) blocks, pairs")
                // An odd count's zero column has no output.
                #expect(out[(columns * 5)...].allSatisfy { $0.isNaN })
            }
        }
    }

    /// The 8-column repacked Q4_K kernel gives, for every column, the bits of the one-column kernel with that
    /// column's scaling (per 64 below `per_pair_below`, per 256 from there), for full and partial groups of eight.
    @Test func q4_KRepackedColumnsMatchOneColumnKernel() {
        var g = Generator(state: 22)
        for blocks in [1, 3] {
            for (columns, perPairBelow) in [(1, 0), (1, 1), (4, 4), (6, 4), (8, 8), (9, 8), (13, 12), (3, -2)] {
                let w = weights(144, blocks: blocks, scaleOffsets: [0, 2], &g)
                let columnBytes = 292 * blocks
                var a: [UInt8] = []
                for _ in 0..<columns { a += activations(.q8_K, count: 256 * blocks, &g) }
                var out = [Float](repeating: .nan, count: columns * 2)
                w.withUnsafeBytes { wb in
                    a.withUnsafeBytes { ab in
                        out.withUnsafeMutableBufferPointer { ob in
                            swl_dot_q4_K_q8_K_repacked_columns(
                                wb.baseAddress, ab.baseAddress, columnBytes, Int32(columns), Int32(blocks),
                                Int32(perPairBelow), ob.baseAddress, 2)
                        }
                    }
                }
                for c in 0..<columns {
                    let one = w.withUnsafeBytes { wb in
                        a.withUnsafeBytes {
                            swl_dot_q4_K_q8_K_repacked(wb.baseAddress, $0.baseAddress! + c * columnBytes, Int32(blocks),
                                                       c < perPairBelow ? 1 : 0)
                        }
                    }
                    #expect(out[c * 2].bitPattern == one.bitPattern, "\(blocks) blocks column \(c) of \(columns)")
                }
            }
        }
    }

    /// The AVX-512 repacked Q4_K rows kernel (two columns per register for the integer sums, 16 per weight block)
    /// gives, for every row and column, the bits of the one-column kernel with that column's scaling: 8–33 columns
    /// (full and partial passes of 16, odd counts), per-pair scaling for all, none or some of a pass's columns, rows
    /// 1 ..< 4 of 4 (nothing else written).
    @Test(.enabled(if: KernelVariant.avx512vnni.isSupported))
    func q4_KRepackedPairsMatchOneColumnKernel() {
        var g = Generator(state: 24)
        for blocks in [1, 3, 16] {
            for (columns, perPairBelow) in [(8, 8), (9, 8), (13, 12), (16, 0), (17, 16), (33, 21), (24, 100)] {
                var w: [UInt8] = []
                for _ in 0..<4 { w += weights(144, blocks: blocks, scaleOffsets: [0, 2], &g) }
                let columnBytes = 292 * blocks
                var a: [UInt8] = []
                for _ in 0..<columns { a += activations(.q8_K, count: 256 * blocks, &g) }
                var out = [Float](repeating: .nan, count: columns * 5)
                w.withUnsafeBytes { wb in
                    a.withUnsafeBytes { ab in
                        out.withUnsafeMutableBufferPointer { ob in
                            swl_q4_K_q8_K_repacked_pairs_rows(
                                wb.baseAddress, 144 * blocks, 1, 4, ab.baseAddress, columnBytes, Int32(columns),
                                Int32(blocks), Int32(perPairBelow), ob.baseAddress, 5)
                        }
                    }
                }
                for c in 0..<columns {
                    for r in 1..<4 {
                        let one = w.withUnsafeBytes { wb in
                            a.withUnsafeBytes {
                                swl_dot_q4_K_q8_K_repacked(
                                    wb.baseAddress! + r * 144 * blocks, $0.baseAddress! + c * columnBytes,
                                    Int32(blocks), c < perPairBelow ? 1 : 0)
                            }
                        }
                        #expect(out[c * 5 + r].bitPattern == one.bitPattern,
                                "\(blocks) blocks, row \(r) column \(c) of \(columns), per pair below \(perPairBelow)")
                    }
                    #expect(out[c * 5].isNaN && out[c * 5 + 4].isNaN)
                }
            }
        }
    }

    /// The 8-column Q6_K kernel gives, for every column, the bits of the one-column kernel (both scalings), for full
    /// and partial groups of eight.
    @Test func q6_KColumnsMatchOneColumnKernel() {
        var g = Generator(state: 23)
        for blocks in [1, 3] {
            for columns in [1, 4, 6, 8, 11] {
                for tiled in [0, 1] {
                    let w = weights(210, blocks: blocks, scaleOffsets: [208], &g)
                    let columnBytes = 292 * blocks
                    var a: [UInt8] = []
                    for _ in 0..<columns { a += activations(.q8_K, count: 256 * blocks, &g) }
                    var out = [Float](repeating: .nan, count: columns)
                    w.withUnsafeBytes { wb in
                        a.withUnsafeBytes { ab in
                            out.withUnsafeMutableBufferPointer { ob in
                                swl_dot_q6_K_q8_K_columns(wb.baseAddress, ab.baseAddress, columnBytes, Int32(columns),
                                                          Int32(blocks), Int32(tiled), ob.baseAddress, 1)
                            }
                        }
                    }
                    for c in 0..<columns {
                        let one = w.withUnsafeBytes { wb in
                            a.withUnsafeBytes {
                                swl_dot_q6_K_q8_K(wb.baseAddress, $0.baseAddress! + c * columnBytes, Int32(blocks), Int32(tiled))
                            }
                        }
                        #expect(out[c].bitPattern == one.bitPattern, "\(blocks) blocks column \(c) tiled \(tiled)")
                    }
                }
            }
        }
    }

    @Test func q6_KMatchesSwiftTwin() {
        var g = Generator(state: 12)
        for blocks in [1, 3] {
            for tiled in [false, true] {
                for _ in 0..<50 {
                    let w = weights(210, blocks: blocks, scaleOffsets: [208], &g)
                    let a = activations(.q8_K, count: 256 * blocks, &g)
                    let fast = swl_dot_q6_K_q8_K(w, a, Int32(blocks), tiled ? 1 : 0)
                    let slow = w.withUnsafeBytes { wb in
                        a.withUnsafeBytes { dotQ6_K(wb.baseAddress!, $0.baseAddress!, blocks: blocks, tiled: tiled) }
                    }
                    #expect(fast.bitPattern == slow.bitPattern, "\(blocks) blocks tiled \(tiled): \(fast) vs \(slow)")
                }
            }
        }
    }

    @Test func q4_KRepackedMatchesSwiftTwin() {
        var g = Generator(state: 13)
        for blocks in [1, 3] {
            for perPair in [false, true] {
                for _ in 0..<50 {
                    let w = weights(144, blocks: blocks, scaleOffsets: [0, 2], &g)
                    let a = activations(.q8_K, count: 256 * blocks, &g)
                    let fast = swl_dot_q4_K_q8_K_repacked(w, a, Int32(blocks), perPair ? 1 : 0)
                    let slow = w.withUnsafeBytes { wb in
                        a.withUnsafeBytes { dotQ4_KRepacked(wb.baseAddress!, $0.baseAddress!, blocks: blocks, perPair: perPair) }
                    }
                    #expect(fast.bitPattern == slow.bitPattern, "\(blocks) blocks perPair \(perPair): \(fast) vs \(slow)")
                }
            }
        }
    }
}
#endif
