/// Q4_1: 32 elements in 20 bytes, `d: f16, m: f16, qs[16]`; nibbles as Q4_0; value `q·d + m`.
/// Dot products run against Q8_1 activations (`dx·dy·Σq·y + m·s`).
enum BlockQ4_1 {
    static let elements = 32
    static let bytes = 20

    /// Dequantizes `count` elements (a multiple of 32) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = src + b * bytes
            let d = loadHalf(block), m = loadHalf(block, 2)
            let y = dst + b * 32
            for i in 0..<16 {
                let q = block.load(fromByteOffset: 4 + i, as: UInt8.self)
                y[i] = Float(q & 0x0F) * d + m
                y[i + 16] = Float(q >> 4) * d + m
            }
        }
    }

    /// ggml's `quantize_row_q4_1_ref`: `d = (max − min)/15`, `m = min`, `q = min(15, ⌊(x − min)/d + 0.5⌋)`.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<count / 32 {
            let v = x + b * 32
            let block = dst + b * bytes
            var lo = Float.greatestFiniteMagnitude, hi = -Float.greatestFiniteMagnitude
            for j in 0..<32 {
                if v[j] < lo { lo = v[j] }
                if v[j] > hi { hi = v[j] }
            }
            let d = (hi - lo) / 15
            let id: Float = d != 0 ? 1 / d : 0
            storeHalf(d, block)
            storeHalf(lo, block, 2)
            for j in 0..<16 {
                let q0 = Swift.min(15, Int8((v[j] - lo) * id + 0.5))
                let q1 = Swift.min(15, Int8((v[j + 16] - lo) * id + 0.5))
                block.storeBytes(of: UInt8(q0) | UInt8(q1) << 4, toByteOffset: 4 + j, as: UInt8.self)
            }
        }
    }

    /// One weight row · `T.count` Q8_1 activation columns starting at `c0`.
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, nb = a.blocks
        let qs = a.qs + c0 * n
        let sc = a.scales + c0 * nb
        let s = a.aux + c0 * nb
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var mins = SIMD4<Float>()
        for b in 0..<nb {
            let block = row + b * bytes
            let d = loadHalf(block), m = loadHalf(block, 2)
            let (we, wo) = unpackNibbles32(block + 4)
            @inline(__always) func column(_ c: Int, _ acc: inout SIMD8<Float>) {
                acc.formPlusProduct(floats(pairSumSmall(products(we, wo, qs + c * n + b * 32))), d * sc[c * nb + b])
                mins[c] = mins[c].plusProduct(m, s[c * nb + b])
            }
            column(0, &acc.0)
            if T.count > 1 { column(1, &acc.1) }
            if T.count > 2 { column(2, &acc.2) }
            if T.count > 3 { column(3, &acc.3) }
        }
        return SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3)) + mins
    }
}
