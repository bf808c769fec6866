/// BF16 weights (the top 16 bits of an f32).
enum BlockBF16: FloatRowFormat {
    static var bytes: Int { 2 }
    @inline(__always) static func load8(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        // Two bf16 per 32-bit lane: the low one (even element) shifted up, the high one masked.
        let v = row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD4<UInt32>.self)
        let even = unsafeBitCast(v &<< 16, to: SIMD4<Float>.self)
        let odd = unsafeBitCast(v & 0xFFFF_0000, to: SIMD4<Float>.self)
        return SIMD8(even[0], odd[0], even[1], odd[1], even[2], odd[2], even[3], odd[3])
    }
    @inline(__always) static func load1(_ row: UnsafeRawPointer, _ i: Int) -> Float {
        Float(bitPattern: UInt32(row.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self)) << 16)
    }
    /// ggml's `ggml_compute_fp32_to_bf16`: round to nearest even on the dropped 16 bits; NaN stays quiet NaN.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for i in 0..<count {
            dst.storeBytes(of: bf16Bits(x[i]), toByteOffset: 2 * i, as: UInt16.self)
        }
    }
}

/// The bfloat16 bit pattern of `x` (round to nearest even; NaN → quiet NaN), as ggml computes it.
@inline(__always)
func bf16Bits(_ x: Float) -> UInt16 {
    let u = x.bitPattern
    if u & 0x7FFF_FFFF > 0x7F80_0000 { return UInt16(truncatingIfNeeded: (u >> 16) | 64) }
    return UInt16(truncatingIfNeeded: (u &+ (0x7FFF &+ ((u >> 16) & 1))) >> 16)
}
