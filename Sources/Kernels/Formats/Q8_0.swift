/// Q8_0: 32 elements in 34 bytes, `d: f16, qs[32] int8`; value `q·d`. Dot products run against Q8_0 activations.
enum BlockQ8_0 {
    static let elements = 32
    static let bytes = 34

    /// Dequantizes `count` elements (a multiple of 32) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = src + b * bytes
            let d = loadHalf(block)
            let y = dst + b * 32
            for i in 0..<32 {
                y[i] = Float(block.load(fromByteOffset: 2 + i, as: Int8.self)) * d
            }
        }
    }

    /// ggml's `quantize_row_q8_0_ref`: `d = amax/127`, `q = roundf(x/d)` (ties away from zero).
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<count / 32 {
            let v = x + b * 32
            let block = dst + b * bytes
            var amax: Float = 0
            for j in 0..<32 { amax = Swift.max(amax, abs(v[j])) }
            let d = amax / 127
            let id: Float = d != 0 ? 1 / d : 0
            storeHalf(d, block)
            for j in 0..<32 {
                block.storeBytes(of: Int8((v[j] * id).rounded()), toByteOffset: 2 + j, as: Int8.self)
            }
        }
    }

    /// One weight row · `T.count` Q8_0 activation columns starting at `c0`.
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, nb = a.blocks
        let qs = a.qs + c0 * n
        let sc = a.scales + c0 * nb
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        for b in 0..<nb {
            let block = row + b * bytes
            let d = loadHalf(block)
            // 32 int8 as 16 Int16 lanes: sign-extend the low byte for even elements, shift down for odd ones.
            let v = block.loadUnaligned(fromByteOffset: 2, as: SIMD16<Int16>.self)
            let we = (v &<< 8) &>> 8, wo = v &>> 8
            @inline(__always) func column(_ c: Int, _ acc: inout SIMD8<Float>) {
                acc.formPlusProduct(floats(pairSum(products(we, wo, qs + c * n + b * 32))), d * sc[c * nb + b])
            }
            column(0, &acc.0)
            if T.count > 1 { column(1, &acc.1) }
            if T.count > 2 { column(2, &acc.2) }
            if T.count > 3 { column(3, &acc.3) }
        }
        return SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3))
    }
}
