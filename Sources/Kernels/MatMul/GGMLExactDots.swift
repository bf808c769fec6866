// MARK: - Row dots (scalar-exact, vectorized over Int16 lanes); the Q5_0, Q6_K and repacked Q4_K ones are the
// reference twins of the KernelsX86 kernels (GGMLExactKernelTests compares them).

/// `ggml_vec_dot_q5_0_q8_0` (AVX2): per block, 8 lanes of 4-element integer sums of `(q5 − 16)·q8`, each added to
/// an f32 lane with `fma(dx·dy, lane, acc)`; then `hsum_float_8`.
@inline(__always)
package func dotQ5_0(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
    var acc = SIMD8<Float>()
    for b in 0..<blocks {
        let x = row + b * 22
        let y = a + b * 34
        let d = loadHalf(x) * loadHalf(y)
        let (le, lo) = unpackNibbles32(x + 6)
        let (he, ho) = q5HighBits(x.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        let we = (le | he) &- 16, wo = (lo | ho) &- 16
        let (ye, yo) = int8Pairs(y + 2)
        acc = acc.addingProduct(SIMD8<Float>(pairSum(we &* ye &+ wo &* yo)), d)
    }
    return horizontalSum(acc)
}

/// Q6_K against Q8_K. `ggml_vec_dot_q6_K_q8_K` (AVX2; fewer than 8 activation rows): per block, 8 Int32 lanes
/// accumulate `sc·Σ q6·q8` over 4-element groups, minus `32·(bsum[2k]·sc[2k] + bsum[2k+1]·sc[2k+1])` in lane k;
/// `acc = fma(dy·dx, lane, acc)`; then `hsum_float_8`. llama.cpp's tiled kernel (8 rows or more): the block's
/// integer total `I`, then `acc = fma(dx·I, dy, acc)`.
@inline(__always)
package func dotQ6_K(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, tiled: Bool) -> Float {
    var acc = SIMD8<Float>()
    var total: Float = 0
    for b in 0..<blocks {
        let x = row + b * 210
        let y = a + b * 292
        let lanes = q6KLanes(x, y)
        let dx = loadHalf(x, 208), dy = y.load(as: Float.self)
        if tiled {
            total = total.addingProduct(dx * Float(lanes.wrappedSum()), dy)
        } else {
            acc = acc.addingProduct(SIMD8<Float>(lanes), dy * dx)
        }
    }
    return tiled ? total : horizontalSum(acc)
}

/// The 8 Int32 lanes of `ggml_vec_dot_q6_K_q8_K` for one block (see ``dotQ6_K(_:_:blocks:tiled:)``).
@inline(__always)
private func q6KLanes(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> SIMD8<Int32> {
    var sumi = SIMD8<Int32>()
    for half in 0..<2 {
        let ql = x + 64 * half, qh = x + 128 + 32 * half
        let lowA = ql.loadUnaligned(as: SIMD16<UInt16>.self)
        let lowB = ql.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt16>.self)
        let high = qh.loadUnaligned(as: SIMD16<UInt16>.self)
        for g in 0..<4 {
            let source = g & 1 == 0 ? lowA : lowB
            let nib = (g < 2 ? source : source &>> 4) & 0x0F0F
            let bits = ((high &>> UInt16(2 * g)) & 0x0303) &<< 4
            let q = nib | bits
            let we = unsafeBitCast(q & 0x00FF, to: SIMD16<Int16>.self)
            let wo = unsafeBitCast(q &>> 8, to: SIMD16<Int16>.self)
            let (ye, yo) = int8Pairs(y + 4 + 128 * half + 32 * g)
            let s = 8 * half + 2 * g
            let scale = SIMD8<Int32>(
                lowHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 192 + s, as: Int8.self))),
                highHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 193 + s, as: Int8.self))))
            sumi &+= pairSum(we &* ye &+ wo &* yo) &* scale
        }
    }
    var correction = SIMD8<Int32>()
    for k in 0..<8 {
        let s0 = Int32(x.load(fromByteOffset: 192 + 2 * k, as: Int8.self))
        let s1 = Int32(x.load(fromByteOffset: 193 + 2 * k, as: Int8.self))
        let b0 = Int32(y.loadUnaligned(fromByteOffset: 260 + 4 * k, as: Int16.self))
        let b1 = Int32(y.loadUnaligned(fromByteOffset: 262 + 4 * k, as: Int16.self))
        correction[k] = (b0 * s0 + b1 * s1) &<< 5
    }
    return sumi &- correction
}

/// llama.cpp's repacked Q4_K (`q4_K_8x8`, used on AVX2 when the row count is a multiple of 8). Per 64-element
/// pair of sub-blocks, one integer `Σ sc·Σ q4·q8` and one `m_2j·bsum_2j + m_2j+1·bsum_2j+1`. Its GEMV
/// (`ggml_gemv_q4_K_8x8_q8_K`) adds a block's four pairs as integers before `acc = fma(I, dx·dy, acc)`; its GEMM
/// (`ggml_gemm_q4_K_8x8_q8_K`, `perPair`) does the fma for every pair. Mins likewise with `dminx·dy`; the result is
/// `acc − mins`.
@inline(__always)
package func dotQ4_KRepacked(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, perPair: Bool) -> Float {
    var acc: Float = 0, mins: Float = 0
    for b in 0..<blocks {
        let x = row + b * 144
        let y = a + b * 292
        let dy = y.load(as: Float.self)
        let (pairs, minPairs) = q4KPairSums(x, y)
        let d = loadHalf(x) * dy, dmin = loadHalf(x, 2) * dy
        if perPair {
            for c in 0..<4 {
                acc = acc.addingProduct(Float(pairs[c]), d)
                mins = mins.addingProduct(Float(minPairs[c]), dmin)
            }
        } else {
            acc = acc.addingProduct(Float(pairs.wrappedSum()), d)
            mins = mins.addingProduct(Float(minPairs.wrappedSum()), dmin)
        }
    }
    return acc - mins
}

/// Per 64-element pair of sub-blocks `c` of a Q4_K block against a Q8_K block: `sc_2c·Σ q4·q8 + sc_2c+1·Σ q4·q8`
/// and `m_2c·q8s_2c + m_2c+1·q8s_2c+1` (`q8s_j` = the Q8_K sum over sub-block j).
@inline(__always)
private func q4KPairSums(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var pairs = SIMD4<Int32>(), minPairs = SIMD4<Int32>()
    for c in 0..<4 {
        let (s0, m0) = scaleMinK4Int32(2 * c, x + 4)
        let (s1, m1) = scaleMinK4Int32(2 * c + 1, x + 4)
        let (l, h) = q4KPairProducts(x, y, c)
        pairs[c] = (l &* s0 &+ h &* s1).wrappedSum()
        var q8s = SIMD4<Int32>()
        for t in 0..<4 { q8s[t] = Int32(y.loadUnaligned(fromByteOffset: 260 + 8 * c + 2 * t, as: Int16.self)) }
        minPairs[c] = m0 * (q8s[0] + q8s[1]) + m1 * (q8s[2] + q8s[3])
    }
    return (pairs, minPairs)
}

/// Q4_K against Q8_K when llama.cpp does not repack the matrix. `ggml_vec_dot_q4_K_q8_K` (AVX2; fewer than 8
/// activation rows): per block 8 Int32 lanes `fma(dy·dx, lane, acc)`, and four lanes of
/// `m[2i]·q8s[2i] + m[2i+1]·q8s[2i+1]` with `fma(−dy·dmin, ·, accm)`; the result is
/// `hsum_float_8(acc) + ((accm0 + accm2) + (accm1 + accm3))`. The tiled kernel (8 rows or more): per block
/// `r = fma(−dmin, M, dx·I)`, `acc = fma(r, dy, acc)`.
@inline(__always)
package func dotQ4_K(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, tiled: Bool) -> Float {
    var acc = SIMD8<Float>(), accm = SIMD4<Float>()
    var total: Float = 0
    for b in 0..<blocks {
        let x = row + b * 144
        let y = a + b * 292
        let dy = y.load(as: Float.self)
        let (lanes, minLanes) = q4KBlockSums(x, y)
        if tiled {
            let r = (loadHalf(x) * Float(lanes.wrappedSum())).addingProduct(-loadHalf(x, 2), Float(minLanes.wrappedSum()))
            total = total.addingProduct(r, dy)
        } else {
            acc = acc.addingProduct(SIMD8<Float>(lanes), dy * loadHalf(x))
            accm = accm.addingProduct(SIMD4<Float>(minLanes), -dy * loadHalf(x, 2))
        }
    }
    return tiled ? total : horizontalSum(acc) + ((accm[0] + accm[2]) + (accm[1] + accm[3]))
}

/// The integer parts of a Q4_K block against a Q8_K block: 8 lanes of `Σ_j sc_j·Σ q4·q8` over 4-element groups,
/// and 4 lanes of `m[2i]·q8s[2i] + m[2i+1]·q8s[2i+1]` with `q8s[j] = bsum[2j] + bsum[2j+1]`.
@inline(__always)
private func q4KBlockSums(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> (SIMD8<Int32>, SIMD4<Int32>) {
    var lanes = SIMD8<Int32>()
    var scales = SIMD8<Int32>(), mins = SIMD8<Int32>()
    for j in 0..<8 {
        let (s, m) = scaleMinK4Int32(j, x + 4)
        scales[j] = s
        mins[j] = m
    }
    for c in 0..<4 {
        let (l, h) = q4KPairProducts(x, y, c)
        lanes &+= l &* scales[2 * c] &+ h &* scales[2 * c + 1]
    }
    var minLanes = SIMD4<Int32>()
    for i in 0..<4 {
        var q8s = SIMD2<Int32>()
        for t in 0..<2 {
            let j = 2 * i + t
            q8s[t] = Int32(y.loadUnaligned(fromByteOffset: 260 + 4 * j, as: Int16.self))
                + Int32(y.loadUnaligned(fromByteOffset: 262 + 4 * j, as: Int16.self))
        }
        minLanes[i] = mins[2 * i] * q8s[0] + mins[2 * i + 1] * q8s[1]
    }
    return (lanes, minLanes)
}

// MARK: - Helpers

/// ``scaleMinK4(_:_:)`` widened to Int32.
@inline(__always)
private func scaleMinK4Int32(_ j: Int, _ q: UnsafeRawPointer) -> (Int32, Int32) {
    let (s, m) = scaleMinK4(j, q)
    return (Int32(s), Int32(m))
}

/// 32 int8 at `p` as Int16 lanes: (elements 0, 2, 4, …, 30), (elements 1, 3, …, 31).
@inline(__always)
func int8Pairs(_ p: UnsafeRawPointer) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let v = p.loadUnaligned(as: SIMD16<Int16>.self)
    return ((v &<< 8) &>> 8, v &>> 8)
}

/// Sub-blocks `2c` (low nibbles) and `2c + 1` (high nibbles) of a Q4_K block against a Q8_K block: 8 Int32 lanes of
/// 4-element `Σ q4·q8` each.
@inline(__always)
private func q4KPairProducts(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer, _ c: Int) -> (SIMD8<Int32>, SIMD8<Int32>) {
    let v = x.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt16>.self)
    let low = v & 0x0F0F, high = (v &>> 4) & 0x0F0F
    let (y0e, y0o) = int8Pairs(y + 4 + 64 * c)
    let (y1e, y1o) = int8Pairs(y + 4 + 64 * c + 32)
    let l = pairSum(unsafeBitCast(low & 0x00FF, to: SIMD16<Int16>.self) &* y0e
        &+ unsafeBitCast(low &>> 8, to: SIMD16<Int16>.self) &* y0o)
    let h = pairSum(unsafeBitCast(high & 0x00FF, to: SIMD16<Int16>.self) &* y1e
        &+ unsafeBitCast(high &>> 8, to: SIMD16<Int16>.self) &* y1o)
    return (l, h)
}
