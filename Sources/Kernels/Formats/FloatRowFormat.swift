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
                acc.formPlusProduct(w, UnsafeRawPointer(x + c * stride + i).loadUnaligned(as: SIMD8<Float>.self))
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
