#if canImport(KernelsX86)
import KernelsX86
#endif

// The engine's two vectorised exponentials. There are two because llama.cpp's CPU backend uses two, and token-for-token
// parity with it needs the same bits from each:
// - ``exp8(_:)`` is ggml's `ggml_v_expf` (AVX2 + FMA). ggml's SiLU and SwiGLU use it, so ``ggmlSiLUMultiply`` must
//   too; it is also the general-purpose vector exp (GELU in f32, the sampler's weights).
// - ``libmExpf(_:into:count:)`` is libm's `expf`, bit for bit, eight lanes at a time (KernelsX86/expf.c): ggml's flash
//   attention calls scalar `expf` per key for its online softmax, and ggml_v_expf differs from it in the last ulp.
//   With ``KernelVariant/portable`` it is a loop over `expf` itself.

/// e^x lane-wise, as ggml's `ggml_v_expf` for AVX2 + FMA computes it, lane for lane (adapted there from Arm's
/// optimized routines; max error 1.45 ulp + 0.5). Finite for x up to ~88.7, +∞ above; denormal results down to
/// x ≈ −103.97, 0 below (and for −∞). NaN in, NaN out.
@inlinable @inline(__always)
public func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let r = SIMD8<Float>(repeating: 0x1.8p23)
    let z = r.plusProduct(x, SIMD8(repeating: 0x1.715476p+0))
    let n = z - r
    let b = (x.plusProduct(-n, SIMD8(repeating: 0x1.62e4p-1))).plusProduct(-n, SIMD8(repeating: 0x1.7f7d1cp-20))
    let e = unsafeBitCast(z, to: SIMD8<UInt32>.self) &<< 23
    let k = unsafeBitCast(e &+ Float(1).bitPattern, to: SIMD8<Float>.self)
    let absN = unsafeBitCast(unsafeBitCast(n, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    let c = absN .> 126
    let u = b * b
    let inner1 = SIMD8<Float>(repeating: 0x1.573e2ep-5).plusProduct(SIMD8(repeating: 0x1.0e4020p-7), b)
    let inner2 = SIMD8<Float>(repeating: 0x1.fffdb6p-2).plusProduct(SIMD8(repeating: 0x1.555e66p-3), b)
    let j = (SIMD8<Float>(repeating: 0x1.ffffecp-1) * b).plusProduct(inner2.plusProduct(inner1, u), u)
    // No lane out of the core range (one OR of the mask's bits: the standard library's `any` can become a call).
    let outside = unsafeBitCast(c, to: SIMD4<UInt64>.self)
    if outside[0] | outside[1] | outside[2] | outside[3] == 0 {
        return k.plusProduct(j, k)
    }
    let g = SIMD8<UInt32>(repeating: 0).replacing(with: 0x8200_0000, where: n .<= 0)
    let s1 = unsafeBitCast(g &+ 0x7F00_0000, to: SIMD8<Float>.self)
    let s2 = unsafeBitCast(e &- g, to: SIMD8<Float>.self)
    let d = absN .> 192
    let scaled = s2.plusProduct(s2, j) * s1
    let plain = k.plusProduct(k, j)
    return plain.replacing(with: scaled, where: c).replacing(with: s1 * s1, where: d)
}

/// `y[i] = expf(x[i])` for `i < count`, every value bit-identical to the C library's `expf` (glibc 2.27+, FMA
/// build), eight values per step; values outside the core range (|x| ≥ 88, ±∞, NaN) are passed to `expf` itself.
/// With ``KernelVariant/portable``, `expf` of each value.
///
/// - Parameters:
///   - x: `[count]` floats.
///   - y: `[count]` floats; must not overlap `x`.
public func libmExpf(_ x: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count: Int) {
    #if canImport(KernelsX86)
    if !KernelVariant.portableActive {
        swl_expf(x, y, Int32(count))
        return
    }
    #endif
    for i in 0..<count { y[i] = expF(x[i]) }
}
