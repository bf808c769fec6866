// The f16 steps of ggml's CPU flash attention (`ggml_compute_forward_flash_attn_ext_f16_one_chunk`) with an f16 KV
// cache: the query rounded to f16, the weighted sum of values accumulated in f16 with a rounding after every step.

/// Rounds `count` floats to the nearest f16 value in place (the query's conversion in ggml's flash attention).
///
/// - Parameter x: `[count]` floats.
public func roundToHalf(_ x: UnsafeMutablePointer<Float>, count: Int) {
    var i = 0
    while i + 8 <= count {
        store8(halfToFloat(floatToHalf(load8(x, i))), x, i)
        i += 8
    }
    while i < count {
        x[i] = halfToFloat(floatToHalf(x[i]))
        i += 1
    }
}

/// `acc = f16(f32(acc)·s)` (ggml's `ggml_vec_scale_f16`).
///
/// - Parameter acc: `[count]` f16 bit patterns.
public func ggmlScaleHalves(_ acc: UnsafeMutablePointer<UInt16>, count: Int, by s: Float) {
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(acc + i).storeBytes(of: floatToHalf(loadHalf8(acc, i) * s), as: SIMD8<UInt16>.self)
        i += 8
    }
    while i < count {
        acc[i] = floatToHalf(halfToFloat(acc[i]) * s)
        i += 1
    }
}

/// `acc = f16(fma(v, w, f32(acc)))` (ggml's `ggml_vec_mad_f16` on AVX2: a fused multiply-add in f32 per lane).
///
/// - Parameters:
///   - acc: `[count]` f16 bit patterns.
///   - v: `[count]` f16 bit patterns.
public func ggmlAccumulateHalves(
    _ acc: UnsafeMutablePointer<UInt16>, _ v: UnsafePointer<UInt16>, count: Int, weight w: Float
) {
    var i = 0
    while i + 8 <= count {
        let sum = loadHalf8(acc, i).plusProduct(loadHalf8(v, i), w)
        UnsafeMutableRawPointer(acc + i).storeBytes(of: floatToHalf(sum), as: SIMD8<UInt16>.self)
        i += 8
    }
    while i < count {
        acc[i] = floatToHalf(halfToFloat(acc[i]).plusProduct(halfToFloat(v[i]), w))
        i += 1
    }
}

/// ``ggmlScaleHalves(_:count:by:)`` and ``ggmlAccumulateHalves(_:_:count:weight:)`` for `heads` (1…4) heads that
/// share one value row: for head `h`, when bit `h` of `scaled` is set, `acc = f16(f32(acc)·s[h])` first, then
/// `acc = f16(fma(v, w[h], f32(acc)))`, each value rounded to f16 after each step exactly as the single-head calls
/// do; `v` is widened once for all heads.
///
/// - Parameters:
///   - acc: `[heads][count]` f16 bit patterns.
///   - v: `[count]` f16 bit patterns.
///
/// `@_transparent`, so that it is always inlined into the caller's loop with `heads` a constant there (an
/// `@inline(__always)` across modules was left as a call, one per key and head group).
@_transparent
public func ggmlAccumulateHalves(
    heads: Int, _ acc: UnsafeMutablePointer<UInt16>, _ v: UnsafePointer<UInt16>, count: Int, scaled: UInt8,
    by s: SIMD4<Float>, weights w: SIMD4<Float>
) {
    var i = 0
    if scaled == 0 {
        // The common case once the running maxima settle: no head rescales, so the loop has no per-head test.
        while i + 8 <= count {
            let vf = loadHalf8(v, i)
            for h in 0..<heads {
                let a = acc + h * count
                let x = loadHalf8(a, i)
                UnsafeMutableRawPointer(a + i).storeBytes(of: floatToHalf(x.plusProduct(vf, w[h])), as: SIMD8<UInt16>.self)
            }
            i += 8
        }
    }
    while i + 8 <= count {
        let vf = loadHalf8(v, i)
        for h in 0..<heads {
            let a = acc + h * count
            var x = loadHalf8(a, i)
            if scaled & (1 << h) != 0 { x = halfToFloat(floatToHalf(x * s[h])) }
            UnsafeMutableRawPointer(a + i).storeBytes(of: floatToHalf(x.plusProduct(vf, w[h])), as: SIMD8<UInt16>.self)
        }
        i += 8
    }
    while i < count {
        let vi = halfToFloat(v[i])
        for h in 0..<heads {
            let a = acc + h * count
            var x = halfToFloat(a[i])
            if scaled & (1 << h) != 0 { x = halfToFloat(floatToHalf(x * s[h])) }
            a[i] = floatToHalf(x.plusProduct(vi, w[h]))
        }
        i += 1
    }
}
