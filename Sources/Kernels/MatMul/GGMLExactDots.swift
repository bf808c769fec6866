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
        acc = acc.plusProduct(floats(pairSum(we &* ye &+ wo &* yo)), d)
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
            total = total.plusProduct(dx * Float(lanes.wrappedSum()), dy)
        } else {
            acc = acc.plusProduct(floats(lanes), dy * dx)
        }
    }
    return tiled ? total : horizontalSum(acc)
}

/// The 8 Int32 lanes of `ggml_vec_dot_q6_K_q8_K` for one block (see ``dotQ6_K(_:_:blocks:tiled:)``).
@inline(__always)
private func q6KLanes(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> SIMD8<Int32> {
    var sumi = SIMD8<Int32>()
    for half in 0..<2 {
        for g in 0..<4 {
            let (we, wo, scale) = q6KGroup(x, half: half, group: g)
            let (ye, yo) = int8Pairs(y + q6KGroupOffset(half: half, group: g))
            sumi &+= pairSum(we &* ye &+ wo &* yo) &* scale
        }
    }
    return sumi &- q6KCorrection(q6KScalePairs(x), y)
}

/// Group `group` (0…3) of half `half` (0, 1) of a Q6_K block: its 32 six-bit quants as Int16 lanes (even elements,
/// odd elements), and the scales of its two 16-element sub-blocks in lanes 0…3 and 4…7.
@inline(__always)
func q6KGroup(_ x: UnsafeRawPointer, half: Int, group g: Int) -> (SIMD16<Int16>, SIMD16<Int16>, SIMD8<Int32>) {
    let ql = x + 64 * half + (g & 1) * 32, qh = x + 128 + 32 * half
    let low = ql.loadUnaligned(as: SIMD16<UInt16>.self)
    let high = qh.loadUnaligned(as: SIMD16<UInt16>.self)
    let nib = (g < 2 ? low : low &>> 4) & 0x0F0F
    let bits = ((high &>> UInt16(2 * g)) & 0x0303) &<< 4
    let q = nib | bits
    let s = 8 * half + 2 * g
    let scale = SIMD8<Int32>(
        lowHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 192 + s, as: Int8.self))),
        highHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 193 + s, as: Int8.self))))
    return (unsafeBitCast(q & 0x00FF, to: SIMD16<Int16>.self), unsafeBitCast(q &>> 8, to: SIMD16<Int16>.self), scale)
}

/// Where the 32 Q8_K quants that meet ``q6KGroup(_:half:group:)``'s weights start in the activation block.
@inline(__always)
func q6KGroupOffset(half: Int, group g: Int) -> Int { 4 + 128 * half + 32 * g }

/// A Q6_K block's 16 sub-block scales as lane pairs: lane k holds scales 2k and 2k + 1.
@inline(__always)
func q6KScalePairs(_ x: UnsafeRawPointer) -> (SIMD8<Int32>, SIMD8<Int32>) {
    let v = x.loadUnaligned(fromByteOffset: 192, as: SIMD8<Int16>.self)
    let even = (v &<< 8) &>> 8, odd = v &>> 8
    @inline(__always) func widened(_ v: SIMD8<Int16>) -> SIMD8<Int32> {
        SIMD8(Int32(v[0]), Int32(v[1]), Int32(v[2]), Int32(v[3]), Int32(v[4]), Int32(v[5]), Int32(v[6]), Int32(v[7]))
    }
    return (widened(even), widened(odd))
}

/// ggml's Q6_K offset correction for one activation block `y`: lane k is `32·(bsum[2k]·sc[2k] + bsum[2k+1]·sc[2k+1])`.
@inline(__always)
func q6KCorrection(_ scales: (SIMD8<Int32>, SIMD8<Int32>), _ y: UnsafeRawPointer) -> SIMD8<Int32> {
    let (even, odd) = q8KBsumPairs(y)
    return (even &* scales.0 &+ odd &* scales.1) &<< 5
}

/// The 16 `bsums` of a Q8_K block (Σq over each 16 elements) as lane pairs: lane k holds sums 2k and 2k + 1.
@inline(__always)
func q8KBsumPairs(_ y: UnsafeRawPointer) -> (SIMD8<Int32>, SIMD8<Int32>) {
    let w = unsafeBitCast(y.loadUnaligned(fromByteOffset: 260, as: SIMD16<Int16>.self), to: SIMD8<Int32>.self)
    return ((w &<< 16) &>> 16, w &>> 16)
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
                acc = acc.plusProduct(Float(pairs[c]), d)
                mins = mins.plusProduct(Float(minPairs[c]), dmin)
            }
        } else {
            acc = acc.plusProduct(Float(pairs.wrappedSum()), d)
            mins = mins.plusProduct(Float(minPairs.wrappedSum()), dmin)
        }
    }
    return acc - mins
}

/// Per 64-element pair of sub-blocks `c` of a Q4_K block against a Q8_K block: `sc_2c·Σ q4·q8 + sc_2c+1·Σ q4·q8`
/// and `m_2c·q8s_2c + m_2c+1·q8s_2c+1` (`q8s_j` = the Q8_K sum over sub-block j).
@inline(__always)
private func q4KPairSums(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var pairs = SIMD4<Int32>()
    for c in 0..<4 {
        let (s0, _) = scaleMinK4Int32(2 * c, x + 4)
        let (s1, _) = scaleMinK4Int32(2 * c + 1, x + 4)
        let (l, h) = q4KPairProducts(x, y, c)
        pairs[c] = (l &* s0 &+ h &* s1).wrappedSum()
    }
    return (pairs, q4KMinPairs(q4KMins(x), y))
}

/// The eight 6-bit mins of a Q4_K block, lane j for sub-block j.
@inline(__always)
func q4KMins(_ x: UnsafeRawPointer) -> SIMD8<Int32> {
    var mins = SIMD8<Int32>()
    for j in 0..<8 { mins[j] = scaleMinK4Int32(j, x + 4).1 }
    return mins
}

/// Lane c: `m_2c·q8s_2c + m_2c+1·q8s_2c+1` for the Q8_K block at `y` (`q8s_j`, the sum over sub-block j, from its
/// two `bsums`), with `mins` from ``q4KMins(_:)``.
@inline(__always)
func q4KMinPairs(_ mins: SIMD8<Int32>, _ y: UnsafeRawPointer) -> SIMD4<Int32> {
    let (even, odd) = q8KBsumPairs(y)
    let p = mins &* (even &+ odd)
    return SIMD4(p[0] &+ p[1], p[2] &+ p[3], p[4] &+ p[5], p[6] &+ p[7])
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
            let r = (loadHalf(x) * Float(lanes.wrappedSum())).plusProduct(-loadHalf(x, 2), Float(minLanes.wrappedSum()))
            total = total.plusProduct(r, dy)
        } else {
            acc = acc.plusProduct(floats(lanes), dy * loadHalf(x))
            accm = accm.plusProduct(floats(minLanes), -dy * loadHalf(x, 2))
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
func scaleMinK4Int32(_ j: Int, _ q: UnsafeRawPointer) -> (Int32, Int32) {
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
    q4KPairProducts(q4KPairWeights(x, c), y, c)
}

/// The 64 quants of sub-blocks `2c` and `2c + 1` of a Q4_K block as Int16 lanes: (`2c` even, `2c` odd, `2c + 1` even,
/// `2c + 1` odd elements).
@inline(__always)
func q4KPairWeights(
    _ x: UnsafeRawPointer, _ c: Int
) -> (SIMD16<Int16>, SIMD16<Int16>, SIMD16<Int16>, SIMD16<Int16>) {
    let v = x.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt16>.self)
    let low = v & 0x0F0F, high = (v &>> 4) & 0x0F0F
    return (unsafeBitCast(low & 0x00FF, to: SIMD16<Int16>.self), unsafeBitCast(low &>> 8, to: SIMD16<Int16>.self),
            unsafeBitCast(high & 0x00FF, to: SIMD16<Int16>.self), unsafeBitCast(high &>> 8, to: SIMD16<Int16>.self))
}

/// ``q4KPairWeights(_:_:)`` against the Q8_K block at `y`: 8 Int32 lanes of 4-element `Σ q4·q8` for each sub-block.
@inline(__always)
func q4KPairProducts(
    _ w: (SIMD16<Int16>, SIMD16<Int16>, SIMD16<Int16>, SIMD16<Int16>), _ y: UnsafeRawPointer, _ c: Int
) -> (SIMD8<Int32>, SIMD8<Int32>) {
    let (y0e, y0o) = int8Pairs(y + 4 + 64 * c)
    let (y1e, y1o) = int8Pairs(y + 4 + 64 * c + 32)
    return (pairSum(w.0 &* y0e &+ w.1 &* y0o), pairSum(w.2 &* y1e &+ w.3 &* y1o))
}
