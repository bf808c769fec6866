import Kernels
import Testing

/// The f64 multiply-add that baseline x86-64 runs instead of `fmaf` (``softFusedMultiplyAdd``) against the hardware
/// fma (`addingProduct`, FMA here): the same bits but for rare double-rounding ties, one ulp off; a multiply then an
/// add in f32 would be off in a large share of these cases (the test checks that it would, so it can tell them apart).
@Suite struct FusedMultiplyAddTests {
    /// Deterministic triples: mantissas at random, exponents over ±40 binades, and sums that nearly cancel.
    static func triples(_ count: Int) -> [(Float, Float, Float)] {
        var state: UInt64 = 0x5EED
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        func value() -> Float {
            let exponent = UInt32(127 - 40 + Int(next() % 81))
            let bits = (UInt32(next() & 1) << 31) | (exponent << 23) | UInt32(next() & 0x7F_FFFF)
            return Float(bitPattern: bits)
        }
        return (0..<count).map { i in
            let a = value(), b = value()
            // Every fourth triple nearly cancels: c ≈ −a·b.
            let c = i % 4 == 0 ? -(a * b) * (1 + Float(Int(next() % 64) - 32) * .ulpOfOne) : value()
            return (a, b, c)
        }
    }

    @Test func matchesTheHardwareFmaButForRareTies() {
        let cases = Self.triples(1_000_000)
        var offByOneUlp = 0, unfusedDiffers = 0
        for (a, b, c) in cases {
            let hardware = c.addingProduct(a, b)
            let soft = softFusedMultiplyAdd(c, a, b)
            if soft.bitPattern != hardware.bitPattern {
                #expect(soft == hardware.nextUp || soft == hardware.nextDown, "fma(\(a), \(b), \(c))")
                offByOneUlp += 1
            }
            if (c + a * b).bitPattern != hardware.bitPattern { unfusedDiffers += 1 }
        }
        #expect(offByOneUlp <= cases.count / 100_000, "\(offByOneUlp) double-rounding ties in \(cases.count)")
        #expect(unfusedDiffers > cases.count / 10, "\(unfusedDiffers)")
    }

    @Test func lanesMatchTheScalarForm() {
        let cases = Self.triples(4096)
        var i = 0
        while i + 8 <= cases.count {
            let a = SIMD8<Float>((i..<(i + 8)).map { cases[$0].0 })
            let b = SIMD8<Float>((i..<(i + 8)).map { cases[$0].1 })
            let c = SIMD8<Float>((i..<(i + 8)).map { cases[$0].2 })
            let eight = softFusedMultiplyAdd(c, a, b)
            let four = softFusedMultiplyAdd(c.lowHalf, a.lowHalf, b.lowHalf)
            for k in 0..<8 { #expect(eight[k].bitPattern == softFusedMultiplyAdd(c[k], a[k], b[k]).bitPattern) }
            for k in 0..<4 { #expect(four[k].bitPattern == eight[k].bitPattern) }
            i += 8
        }
    }

    /// This build's ``plusProduct`` is the hardware fma here (the x86 engine and arm64 have FMA).
    @Test func plusProductIsFusedOnThisBuild() {
        for (a, b, c) in Self.triples(10_000) {
            #expect(c.plusProduct(a, b).bitPattern == c.addingProduct(a, b).bitPattern)
            #expect(SIMD8(repeating: c).plusProduct(SIMD8(repeating: a), b)[3].bitPattern
                == c.addingProduct(a, b).bitPattern)
        }
    }
}
