// The float weight formats (F32, F16, BF16). Their dot products run against f32 activations read straight from
// the caller's input rows. (llama.cpp converts the activations to F16/BF16 instead; we keep them in f32.)

/// Converts 8 weights of a float format at element `i` of `row` to f32 lanes.
protocol FloatRowFormat {
    /// Bytes per element.
    static var bytes: Int { get }
    /// Elements `i ..< i + 8` of `row` as floats.
    static func load8(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float>
    /// Element `i` of `row` as a float.
    static func load1(_ row: UnsafeRawPointer, _ i: Int) -> Float
}

extension FloatRowFormat {
    /// Dequantizes (converts) `count` elements of `src` into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        var i = 0
        while i + 8 <= count {
            UnsafeMutableRawPointer(dst + i).storeBytes(of: load8(src, i), as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            dst[i] = load1(src, i)
            i += 1
        }
    }

    /// One weight row · `T.count` f32 activation columns starting at `c0`.
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, stride = a.floatStride
        let x = a.floats + c0 * stride
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var i = 0
        while i + 8 <= n {
            let w = load8(row, i)
            @inline(__always) func column(_ c: Int, _ acc: inout SIMD8<Float>) {
                acc.addProduct(w, UnsafeRawPointer(x + c * stride + i).loadUnaligned(as: SIMD8<Float>.self))
            }
            column(0, &acc.0)
            if T.count > 1 { column(1, &acc.1) }
            if T.count > 2 { column(2, &acc.2) }
            if T.count > 3 { column(3, &acc.3) }
            i += 8
        }
        var result = SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3))
        while i < n {
            let w = load1(row, i)
            for c in 0..<T.count { result[c] += w * x[c * stride + i] }
            i += 1
        }
        return result
    }
}

/// F32 weights.
enum BlockF32: FloatRowFormat {
    static var bytes: Int { 4 }
    @inline(__always) static func load8(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        row.loadUnaligned(fromByteOffset: 4 * i, as: SIMD8<Float>.self)
    }
    @inline(__always) static func load1(_ row: UnsafeRawPointer, _ i: Int) -> Float {
        row.loadUnaligned(fromByteOffset: 4 * i, as: Float.self)
    }
    /// Writes `x` as is.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        dst.copyMemory(from: x, byteCount: 4 * count)
    }
}

/// F16 weights (`vcvtph2ps`).
enum BlockF16: FloatRowFormat {
    static var bytes: Int { 2 }
    @inline(__always) static func load8(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        SIMD8<Float>(row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<Float16>.self))
    }
    @inline(__always) static func load1(_ row: UnsafeRawPointer, _ i: Int) -> Float {
        loadHalf(row, 2 * i)
    }
    /// Rounds to the nearest half, ties to even.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for i in 0..<count { storeHalf(x[i], dst, 2 * i) }
    }
}

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
