// Small inlined helpers shared by the block-format kernels. Everything here was checked in the generated assembly:
// no generic SIMD conversions, no mask bit-casts, no `pointwiseMax` (all compile to scalar loops
// or out-of-line calls); bit-casts, shifts, `replacing(with:where:)` and Int32→Float conversion are single
// instructions with `-target-cpu haswell`.

/// Reads the IEEE half at `p + offset` (unaligned) as a Float.
@inline(__always)
func loadHalf(_ p: UnsafeRawPointer, _ offset: Int = 0) -> Float {
    halfToFloat(p.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
}

/// Writes `value` rounded to the nearest IEEE half (ties to even, like F16C and ggml) at `p + offset`.
@inline(__always)
func storeHalf(_ value: Float, _ p: UnsafeMutableRawPointer, _ offset: Int = 0) {
    p.storeBytes(of: floatToHalf(value), toByteOffset: offset, as: UInt16.self)
}

/// `value` rounded through an IEEE half and back (what a stored fp16 block scale reads as).
@inline(__always)
func roundedToHalf(_ value: Float) -> Float { halfToFloat(floatToHalf(value)) }

/// ggml's `nearest_int`: round to nearest, ties to even, for |x| < 2²².
@inline(__always)
func nearestInt(_ x: Float) -> Int32 {
    Int32(x.rounded(.toNearestOrEven))
}

/// Lane-wise nearest integer (ties to even) of floats that are already integral or within 2²² of zero, as Int32
/// lanes. Uses the 1.5·2²³ magic-number trick, which is exact in that range.
@inline(__always)
func nearestInts(_ v: SIMD8<Float>) -> SIMD8<Int32> {
    unsafeBitCast(v + 12_582_912.0, to: SIMD8<Int32>.self) &- 0x4B40_0000
}

/// Lane-wise |v|.
@inline(__always)
func absolute(_ v: SIMD8<Float>) -> SIMD8<Float> {
    unsafeBitCast(unsafeBitCast(v, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
}

/// Lane-wise maximum (compiles to `vmaxps`).
@inline(__always)
func maximum(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    a.replacing(with: b, where: a .< b)
}

/// Largest lane of `v`.
@inline(__always)
func horizontalMax(_ v: SIMD8<Float>) -> Float {
    let m4 = v.lowHalf.replacing(with: v.highHalf, where: v.lowHalf .< v.highHalf)
    let m2 = m4.lowHalf.replacing(with: m4.highHalf, where: m4.lowHalf .< m4.highHalf)
    return m2[0] < m2[1] ? m2[1] : m2[0]
}

/// Sum of the lanes of `v` (pairwise: fewer dependent adds than `.sum()`).
@inline(__always)
func horizontalSum(_ v: SIMD8<Float>) -> Float {
    let s4 = v.lowHalf + v.highHalf
    let s2 = s4.lowHalf + s4.highHalf
    return s2[0] + s2[1]
}

/// Sum of the Int32 lanes of `v`.
@inline(__always)
func horizontalSum(_ v: SIMD8<Int32>) -> Int32 {
    let s4 = v.lowHalf &+ v.highHalf
    let s2 = s4.lowHalf &+ s4.highHalf
    return s2[0] &+ s2[1]
}

/// `v` converted to f32 lane by lane (exact below 2^24 in magnitude, rounded to nearest even above), as
/// `SIMD8<Float>(v)` computes it. Spelled out lane by lane (LLVM's vectorizer makes that one `vcvtdq2ps` on x86,
/// `scvtf` on arm64) because, inside the big specialized kernel loops (`tiled`, `exactRowsPortable`), the optimizer
/// left the standard library's generic initializer as an out-of-line call per block (a frame and a `vzeroupper`
/// around one `vcvtdq2ps`): 21% of a portable SmolLM2 pp512 under `perf`.
@inline(__always)
func floats(_ v: SIMD8<Int32>) -> SIMD8<Float> {
    SIMD8(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3]), Float(v[4]), Float(v[5]), Float(v[6]), Float(v[7]))
}

/// ``floats(_:)`` for four lanes.
@inline(__always)
func floats(_ v: SIMD4<Int32>) -> SIMD4<Float> { SIMD4(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3])) }

/// Sums adjacent Int16 lane pairs of `p` into Int32 lanes (lane k = p[2k] + p[2k+1]), exact for any values.
@inline(__always)
func pairSum(_ p: SIMD16<Int16>) -> SIMD8<Int32> {
    let w = unsafeBitCast(p, to: SIMD8<Int32>.self)
    return ((w &<< 16) &>> 16) &+ (w &>> 16)
}

/// As ``pairSum(_:)`` in three instructions instead of four; exact only while |p[2k] + p[2k+1]| < 32768.
@inline(__always)
func pairSumSmall(_ p: SIMD16<Int16>) -> SIMD8<Int32> {
    let w = unsafeBitCast(p, to: SIMD8<Int32>.self)
    return (w &+ (w &<< 16)) &>> 16
}

/// Loads 32 packed Int16 activations of one 32-element group: 16 even elements, then 16 odd elements.
@inline(__always)
func loadPair(_ q: UnsafePointer<Int16>) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let raw = UnsafeRawPointer(q)
    return (raw.loadUnaligned(as: SIMD16<Int16>.self), raw.loadUnaligned(fromByteOffset: 32, as: SIMD16<Int16>.self))
}

/// Σ over one 32-element group of weight × activation, as Int16 lane pairs: `we·ye + wo·yo`.
/// `we`/`wo` hold the even/odd weights of the group, `q` the packed activations (see ``loadPair(_:)``).
/// Exact while every |w·y| pair sum stays below 32768 (|y| ≤ 127 and |w| ≤ 128).
@inline(__always)
func products(_ we: SIMD16<Int16>, _ wo: SIMD16<Int16>, _ q: UnsafePointer<Int16>) -> SIMD16<Int16> {
    let (ye, yo) = loadPair(q)
    return we &* ye &+ wo &* yo
}

/// Splits 16 bytes of packed nibbles (`qs[i]` = element i low, element i+16 high) into the even and odd elements
/// of the 32-element group as Int16 lanes: lane k of the first vector is element 2k, of the second element 2k+1.
@inline(__always)
func unpackNibbles32(_ p: UnsafeRawPointer) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let a = p.loadUnaligned(as: SIMD8<UInt16>.self)
    let v = SIMD16<UInt16>(lowHalf: a, highHalf: a &>> 4) & 0x0F0F
    return (unsafeBitCast(v & 0x00FF, to: SIMD16<Int16>.self), unsafeBitCast(v &>> 8, to: SIMD16<Int16>.self))
}

/// The fifth bits of a Q5_0/Q5_1 block as 0/16 Int16 lanes in the even/odd element order of ``unpackNibbles32(_:)``.
/// Element i takes bit i of `qh`. (Compare-and-select: the shift/multiply forms get scalarized by LLVM.) Scalar
/// twin: ``q5HighBitsReference(_:)``.
@inline(__always)
package func q5HighBits(_ qh: UInt32) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let h = SIMD16<Int16>(
        lowHalf: SIMD8(repeating: Int16(truncatingIfNeeded: qh)),
        highHalf: SIMD8(repeating: Int16(truncatingIfNeeded: qh >> 16)))
    // Lane k (even element 2k) tests bit 2k mod 16; its odd partner tests bit 2k+1 mod 16.
    let evenBits = SIMD16<Int16>(1, 4, 16, 64, 256, 1024, 4096, 16384, 1, 4, 16, 64, 256, 1024, 4096, 16384)
    let oddBits = SIMD16<Int16>(2, 8, 32, 128, 512, 2048, 8192, -32768, 2, 8, 32, 128, 512, 2048, 8192, -32768)
    let zero = SIMD16<Int16>()
    return (zero.replacing(with: 16, where: (h & evenBits) .== evenBits),
            zero.replacing(with: 16, where: (h & oddBits) .== oddBits))
}

/// Scalar twin of ``q5HighBits(_:)``: lane k of the first vector is 16 when bit 2k of `qh` is set, of the second
/// when bit 2k + 1 is.
package func q5HighBitsReference(_ qh: UInt32) -> (SIMD16<Int16>, SIMD16<Int16>) {
    var even = SIMD16<Int16>(), odd = SIMD16<Int16>()
    for k in 0..<16 {
        even[k] = (qh >> UInt32(2 * k)) & 1 == 1 ? 16 : 0
        odd[k] = (qh >> UInt32(2 * k + 1)) & 1 == 1 ? 16 : 0
    }
    return (even, odd)
}

/// 16 for the lanes of `h` whose `mask` bits are set, 0 elsewhere.
@inline(__always)
func sixteenWhere(_ h: SIMD16<Int16>, _ mask: Int16) -> SIMD16<Int16> {
    let m = SIMD16<Int16>(repeating: mask)
    return SIMD16<Int16>().replacing(with: 16, where: (h & m) .== m)
}

/// The 6-bit scale and min of sub-block `j` of a Q4_K/Q5_K block from its 12 packed bytes.
@inline(__always)
func scaleMinK4(_ j: Int, _ q: UnsafeRawPointer) -> (scale: UInt8, min: UInt8) {
    func b(_ i: Int) -> UInt8 { q.load(fromByteOffset: i, as: UInt8.self) }
    if j < 4 {
        return (b(j) & 63, b(j + 4) & 63)
    }
    return ((b(j + 4) & 0x0F) | ((b(j - 4) >> 6) << 4), (b(j + 4) >> 4) | ((b(j) >> 6) << 4))
}
