// IEEE half <-> f32 conversions as the engine's hot loops use them, in one place per target.
//
// Where the target has F16C (the x86 engine, compiled for Haswell) or native f16 (arm64), they are the standard
// library's `Float16` conversions: one instruction per vector. Baseline x86-64 (the portable engine built on an x86-64
// host, `SWIFTLET_BASELINE_X86`, set by Package.swift) has no F16C, and there the standard library calls
// `__extendhfsf2` / `__truncsfhf2` once per lane (31% of a portable SmolLM2 prefill under `perf`, with `fmaf` another
// 24%: FusedMultiplyAdd.swift). There the conversions are done with integer and f32 arithmetic instead (below; exact,
// the same bits as F16C for every input but NaN payloads). HalfConversionTests hold the soft conversions to the
// hardware ones on every half and on f32 values at every exponent and rounding boundary.

/// The f32 value of the IEEE half with bit pattern `bits`.
@inlinable @inline(__always)
public func halfToFloat(_ bits: UInt16) -> Float {
    #if SWIFTLET_BASELINE_X86
    softHalfToFloat(bits)
    #else
    Float(Float16(bitPattern: bits))
    #endif
}

/// Eight IEEE halves (bit patterns) widened to f32.
@inlinable @inline(__always)
public func halfToFloat(_ bits: SIMD8<UInt16>) -> SIMD8<Float> {
    #if SWIFTLET_BASELINE_X86
    softHalfToFloat(bits)
    #else
    SIMD8<Float>(unsafeBitCast(bits, to: SIMD8<Float16>.self))
    #endif
}

/// The bit pattern of `x` rounded to the nearest IEEE half, ties to even (as F16C's `vcvtps2ph` and ggml round).
@inlinable @inline(__always)
public func floatToHalf(_ x: Float) -> UInt16 {
    #if SWIFTLET_BASELINE_X86
    softFloatToHalf(x)
    #else
    Float16(x).bitPattern
    #endif
}

/// Eight f32 values rounded to the nearest IEEE halves, ties to even, as bit patterns.
@inlinable @inline(__always)
public func floatToHalf(_ x: SIMD8<Float>) -> SIMD8<UInt16> {
    #if SWIFTLET_BASELINE_X86
    softFloatToHalf(x)
    #else
    unsafeBitCast(SIMD8<Float16>(x), to: SIMD8<UInt16>.self)
    #endif
}

// MARK: - Soft conversions (every target compiles them; only baseline x86-64 runs them)

/// ``halfToFloat(_:)-(UInt16)`` with integer and f32 arithmetic: the half's exponent and mantissa are moved into an
/// f32 whose exponent is then rebiased by one exact multiply by 2⁻¹¹²; subnormal halves are built as
/// `0.5 + m·2⁻²⁴` (exact) minus 0.5. Infinities and NaNs stay infinities and NaNs through the multiply.
@inlinable @inline(__always)
public func softHalfToFloat(_ bits: UInt16) -> Float {
    let w = UInt32(bits) << 16
    let sign = w & 0x8000_0000
    let twice = w &+ w  // exponent and mantissa at the top, sign dropped
    let normal = Float(bitPattern: (twice >> 4) &+ 0x7000_0000) * Float(bitPattern: 0x0780_0000)
    let subnormal = Float(bitPattern: (twice >> 17) | 0x3F00_0000) - 0.5
    return Float(bitPattern: sign | (twice < 0x0800_0000 ? subnormal.bitPattern : normal.bitPattern))
}

/// ``softHalfToFloat(_:)-(UInt16)`` for eight lanes. The lane selects are masks from arithmetic shifts of
/// differences of non-negative Int32 lanes: the standard library's vector comparisons of unsigned lanes became a
/// scalar loop through memory on baseline x86-64 (30% of a portable perplexity run under `perf`).
@inlinable @inline(__always)
public func softHalfToFloat(_ bits: SIMD8<UInt16>) -> SIMD8<Float> {
    let w = unsafeBitCast(
        SIMD16<UInt16>(0, bits[0], 0, bits[1], 0, bits[2], 0, bits[3], 0, bits[4], 0, bits[5], 0, bits[6], 0, bits[7]),
        to: SIMD8<UInt32>.self)  // lane k: bits[k] << 16 (little-endian lanes; spelled out, see `floats(_:)`)
    let sign = w & 0x8000_0000
    let twice = w &+ w
    let normal = SIMD8<Float>(bitPattern: (twice &>> 4) &+ 0x7000_0000) * Float(bitPattern: 0x0780_0000)
    let subnormal = SIMD8<Float>(bitPattern: (twice &>> 17) | 0x3F00_0000) - 0.5
    let magnitude = unsafeBitCast(w & 0x7FFF_FFFF, to: SIMD8<Int32>.self)
    let isSubnormal = unsafeBitCast((magnitude &- 0x0400_0000) &>> 31, to: SIMD8<UInt32>.self)  // exponent 0
    return SIMD8<Float>(
        bitPattern: sign | (subnormal.bitPattern & isSubnormal) | (normal.bitPattern & ~isSubnormal))
}

/// ``floatToHalf(_:)-(Float)`` with f32 arithmetic: scaling |x| by 2¹¹² then 2⁻¹¹⁰ saturates what overflows a half to
/// infinity and leaves the rest; adding a power of two just above it (from x's exponent, at least 2⁻¹⁴ so subnormals
/// share one step) makes the f32 adder round the mantissa to the half's 10 bits, ties to even; the half's exponent and
/// mantissa are then read from the sum's bits. NaN becomes the quiet NaN `0x7E00` with x's sign.
@inlinable @inline(__always)
public func softFloatToHalf(_ x: Float) -> UInt16 {
    let scaled = (abs(x) * Float(bitPattern: 0x7780_0000)) * Float(bitPattern: 0x0880_0000)
    let w = x.bitPattern
    let twice = w &+ w
    let sign = w & 0x8000_0000
    let bias = max(twice & 0xFF00_0000, 0x7100_0000)
    let rounded = (Float(bitPattern: (bias >> 1) &+ 0x0780_0000) + scaled).bitPattern
    let magnitude = ((rounded >> 13) & 0x7C00) &+ (rounded & 0x0FFF)
    return UInt16(truncatingIfNeeded: (sign >> 16) | (twice > 0xFF00_0000 ? 0x7E00 : magnitude))
}

/// ``softFloatToHalf(_:)-(Float)`` for eight lanes, with shift masks for its selects (see
/// ``softHalfToFloat(_:)-(SIMD8<UInt16>)``): the step added is x's exponent field, at least 2⁻¹⁴'s.
@inlinable @inline(__always)
public func softFloatToHalf(_ x: SIMD8<Float>) -> SIMD8<UInt16> {
    let w = x.bitPattern
    let sign = w & 0x8000_0000
    let magnitude = unsafeBitCast(w & 0x7FFF_FFFF, to: SIMD8<Int32>.self)
    let scaled = (unsafeBitCast(magnitude, to: SIMD8<Float>.self) * Float(bitPattern: 0x7780_0000))
        * Float(bitPattern: 0x0880_0000)
    let exponent = magnitude & 0x7F80_0000
    let belowSubnormalStep = (exponent &- 0x3880_0000) &>> 31
    let step = (exponent & ~belowSubnormalStep) | (0x3880_0000 & belowSubnormalStep)
    let rounded = unsafeBitCast(step &+ 0x0780_0000, to: SIMD8<Float>.self) + scaled
    let r = rounded.bitPattern
    let half = unsafeBitCast(((r &>> 13) & 0x7C00) &+ (r & 0x0FFF), to: SIMD8<Int32>.self)
    let isNaN = (0x7F80_0000 &- magnitude) &>> 31
    let bits = (sign &>> 16) | unsafeBitCast((half & ~isNaN) | (0x7E00 & isNaN), to: SIMD8<UInt32>.self)
    let halves = unsafeBitCast(bits, to: SIMD16<UInt16>.self)
    return SIMD8(halves[0], halves[2], halves[4], halves[6], halves[8], halves[10], halves[12], halves[14])
}

extension SIMD8 where Scalar == Float {
    /// The lanes whose bits are `bits`.
    @inlinable @inline(__always)
    init(bitPattern bits: SIMD8<UInt32>) { self = unsafeBitCast(bits, to: SIMD8<Float>.self) }

    /// Each lane's bits.
    @inlinable @inline(__always)
    var bitPattern: SIMD8<UInt32> { unsafeBitCast(self, to: SIMD8<UInt32>.self) }
}
