// Vector loads and stores shared by the element-wise ops.

/// Lanes `i ..< i + 8` of `p`.
@inlinable @inline(__always)
func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}

/// Eight f16 values (bit patterns) at `p + i`, widened to f32.
@inlinable @inline(__always)
func loadHalf8(_ p: UnsafePointer<UInt16>, _ i: Int) -> SIMD8<Float> {
    halfToFloat(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<UInt16>.self))
}

/// Writes `v` to lanes `i ..< i + 8` of `p`.
@inline(__always)
func store8(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
    UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
}
