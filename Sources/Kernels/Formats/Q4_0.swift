/// Q4_0: 32 elements in 18 bytes, `d: f16, qs[16]`; element i < 16 is the low nibble of `qs[i]`, element i + 16 its
/// high nibble; value `(q − 8)·d`. Dot products run against Q8_0 activations.
enum BlockQ4_0 {
    static let elements = 32
    static let bytes = 18

    /// Dequantizes `count` elements (a multiple of 32) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = src + b * bytes
            let d = loadHalf(block)
            let y = dst + b * 32
            for i in 0..<16 {
                let q = block.load(fromByteOffset: 2 + i, as: UInt8.self)
                y[i] = Float(Int32(q & 0x0F) - 8) * d
                y[i + 16] = Float(Int32(q >> 4) - 8) * d
            }
        }
    }

    /// ggml's `quantize_row_q4_0_ref`: `d = max/−8` of the signed value with the largest |x|, `q = min(15, ⌊x/d + 8.5⌋)`.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<count / 32 {
            let v = x + b * 32
            let block = dst + b * bytes
            var amax: Float = 0, max: Float = 0
            for j in 0..<32 where amax < abs(v[j]) {
                amax = abs(v[j])
                max = v[j]
            }
            let d = max / -8
            let id: Float = d != 0 ? 1 / d : 0
            storeHalf(d, block)
            for j in 0..<16 {
                let lo = Swift.min(15, Int8(v[j] * id + 8.5))
                let hi = Swift.min(15, Int8(v[j + 16] * id + 8.5))
                block.storeBytes(of: UInt8(lo) | UInt8(hi) << 4, toByteOffset: 2 + j, as: UInt8.self)
            }
        }
    }

    /// One weight row · `T.count` Q8_0 activation columns starting at `c0`.
    /// Uses `Σ(q − 8)·y = Σq·y − 8·Σy` with the per-block Σy kept in `aux`.
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, nb = a.blocks
        let qs = a.qs + c0 * n
        let sc = a.scales + c0 * nb
        let sy = a.aux + c0 * nb
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var corr = SIMD4<Float>()
        for b in 0..<nb {
            let block = row + b * bytes
            let d = loadHalf(block)
            let (we, wo) = unpackNibbles32(block + 2)
            @inline(__always) func column(_ c: Int, _ acc: inout SIMD8<Float>) {
                let dd = d * sc[c * nb + b]
                acc.formPlusProduct(floats(pairSumSmall(products(we, wo, qs + c * n + b * 32))), dd)
                corr[c] = corr[c].plusProduct(dd, sy[c * nb + b])
            }
            column(0, &acc.0)
            if T.count > 1 { column(1, &acc.1) }
            if T.count > 2 { column(2, &acc.2) }
            if T.count > 3 { column(3, &acc.3) }
        }
        return SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3))
            - 8 * corr
    }
}
