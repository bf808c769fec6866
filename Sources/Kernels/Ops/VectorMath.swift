// Vector loads/stores and a vectorized exp shared by the element-wise ops.

/// Lanes `i ..< i + 8` of `p`.
@inline(__always)
func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

/// Writes `v` to lanes `i ..< i + 8` of `p`.
@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
}

/// e^x lane-wise, within a few ulp of `Foundation.exp` on [−87.3, 88.3]; below that range the result is 0
/// (so −∞ masks give exact zeros), above it the largest finite power is used.
///
/// Range reduction `x = n·ln2 + r` (|r| ≤ ln2/2, Cephes' two-part ln2), a degree-6 Taylor polynomial
/// for e^r evaluated with FMAs, and 2ⁿ built in the exponent bits.
@inline(__always)
func exp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let clamped = x.replacing(with: 88.3, where: x .> 88.3).replacing(with: -87.3, where: x .< -87.3)
    let shifted = clamped * 1.442_695_04 + 12_582_912.0  // round(x·log2 e) in the low mantissa bits
    let n = shifted - 12_582_912.0
    let ni = unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000
    var r = clamped.addingProduct(n, -0.693_359_375)  // ln2 = 0.693359375 − 2.12194440e−4, the first part exact
    r = r.addingProduct(n, 2.121_944_40e-4)
    var p = SIMD8<Float>(repeating: 1.0 / 720)
    p = SIMD8(repeating: 1.0 / 120).addingProduct(p, r)
    p = SIMD8(repeating: 1.0 / 24).addingProduct(p, r)
    p = SIMD8(repeating: 1.0 / 6).addingProduct(p, r)
    p = SIMD8(repeating: 0.5).addingProduct(p, r)
    p = SIMD8(repeating: 1).addingProduct(p, r)
    p = SIMD8(repeating: 1).addingProduct(p, r)
    let scale = unsafeBitCast((ni &+ 127) &<< 23, to: SIMD8<Float>.self)
    return (p * scale).replacing(with: 0, where: x .< -87.3)
}
