import Kernels
import Testing

/// The soft f16 conversions (what the portable engine runs on baseline x86-64, where `Float16` conversions are library
/// calls) against the standard library's `Float16` (F16C here): every half widened, and every f32 exponent with
/// mantissas at and around each rounding boundary narrowed, scalar and eight lanes at a time. NaNs only have to stay
/// NaNs with their sign.
@Suite struct HalfConversionTests {
    @Test func everyHalfWidensExactly() {
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let soft = softHalfToFloat(bits)
            if expected.isNaN {
                #expect(soft.isNaN && soft.sign == expected.sign, "half \(bits)")
            } else {
                #expect(soft.bitPattern == expected.bitPattern, "half \(bits)")
            }
        }
    }

    @Test func eightLanesWidenAsOne() {
        var first: UInt32 = 0
        while first <= 0xFFFF {
            let lanes = SIMD8<UInt16>((0..<8).map { UInt16(truncatingIfNeeded: first &+ UInt32($0) &* 8191) })
            let wide = softHalfToFloat(lanes)
            for k in 0..<8 {
                let one = softHalfToFloat(lanes[k])
                #expect(wide[k].bitPattern == one.bitPattern || (wide[k].isNaN && one.isNaN), "half \(lanes[k])")
            }
            first += 8
        }
    }

    /// f32 values in every exponent, with mantissas at, next to and halfway between the halves' steps, both signs,
    /// plus infinities and NaNs.
    static func floatsToNarrow() -> [Float] {
        var values: [Float] = [.infinity, -.infinity, .nan, -.nan, 0, -0.0, .greatestFiniteMagnitude, 65504, 65520,
            65519.996, Float.leastNonzeroMagnitude]
        let mantissas: [UInt32] = [0, 1, 0xFFF, 0x1000, 0x1001, 0x1FFF, 0x2000, 0x2001, 0x3000, 0x5000, 0x7F_E000,
            0x7F_EFFF, 0x7F_F000, 0x7F_F001, 0x7F_FFFF, 0x40_0000, 0x12_3456]
        for exponent: UInt32 in 0...255 {
            for m in mantissas {
                let bits = (exponent << 23) | m
                values.append(Float(bitPattern: bits))
                values.append(Float(bitPattern: bits | 0x8000_0000))
            }
        }
        // Every half's value and the midpoints to its neighbours.
        for h: UInt16 in 0..<0x7C00 {
            let x = Float(Float16(bitPattern: h))
            let next = Float(Float16(bitPattern: h + 1))
            values.append(x)
            values.append(-(x + (next - x) / 2))
        }
        return values
    }

    @Test func floatsNarrowLikeF16C() {
        for x in Self.floatsToNarrow() {
            let expected = Float16(x).bitPattern
            let soft = softFloatToHalf(x)
            if x.isNaN {
                #expect(Float16(bitPattern: soft).isNaN && (soft & 0x8000) == (expected & 0x8000), "\(x.bitPattern)")
            } else {
                #expect(soft == expected, "f32 bits \(String(x.bitPattern, radix: 16))")
            }
        }
    }

    @Test func eightLanesNarrowAsOne() {
        let values = Self.floatsToNarrow()
        var i = 0
        while i + 8 <= values.count {
            let lanes = SIMD8<Float>(values[i..<(i + 8)])
            let narrow = softFloatToHalf(lanes)
            for k in 0..<8 { #expect(narrow[k] == softFloatToHalf(lanes[k]), "f32 bits \(lanes[k].bitPattern)") }
            i += 8
        }
    }

    /// This build's own conversions (the hardware ones here, the soft ones on baseline x86-64) agree with Float16.
    @Test func activeConversionsMatchFloat16() {
        for bits: UInt16 in stride(from: 0, to: 0x7C00, by: 7) {
            #expect(halfToFloat(bits) == Float(Float16(bitPattern: bits)))
            #expect(floatToHalf(Float(Float16(bitPattern: bits))) == bits)
        }
    }
}
