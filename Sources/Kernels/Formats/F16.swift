/// F16 weights (`vcvtph2ps`).
enum BlockF16: FloatRowFormat {
    static var bytes: Int { 2 }
    @inline(__always) static func load8(_ row: UnsafeRawPointer, _ i: Int) -> SIMD8<Float> {
        halfToFloat(row.loadUnaligned(fromByteOffset: 2 * i, as: SIMD8<UInt16>.self))
    }
    @inline(__always) static func load1(_ row: UnsafeRawPointer, _ i: Int) -> Float {
        loadHalf(row, 2 * i)
    }
    /// Rounds to the nearest half, ties to even.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for i in 0..<count { storeHalf(x[i], dst, 2 * i) }
    }
}
