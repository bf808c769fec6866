/// Q5_0: 32 elements in 22 bytes, `d: f16, qh: u32, qs[16]`; nibbles as Q4_0, and element i takes bit i of `qh` as
/// its fifth bit; value `(q5 − 16)·d`. Dot products run against Q8_0 activations.
enum BlockQ5_0 {
    static let elements = 32
    static let bytes = 22

    /// Dequantizes `count` elements (a multiple of 32) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = src + b * bytes
            let d = loadHalf(block)
            let qh = block.loadUnaligned(fromByteOffset: 2, as: UInt32.self)
            let y = dst + b * 32
            for i in 0..<16 {
                let q = block.load(fromByteOffset: 6 + i, as: UInt8.self)
                let h0 = Int32((qh >> UInt32(i)) & 1) << 4
                let h1 = Int32((qh >> UInt32(i + 16)) & 1) << 4
                y[i] = Float((Int32(q & 0x0F) | h0) - 16) * d
                y[i + 16] = Float((Int32(q >> 4) | h1) - 16) * d
            }
        }
    }

    /// ggml's `quantize_row_q5_0_ref`: `d = max/−16`, `q = min(31, ⌊x/d + 16.5⌋)`.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<count / 32 {
            let v = x + b * 32
            let block = dst + b * bytes
            var amax: Float = 0, max: Float = 0
            for j in 0..<32 where amax < abs(v[j]) {
                amax = abs(v[j])
                max = v[j]
            }
            let d = max / -16
            let id: Float = d != 0 ? 1 / d : 0
            storeHalf(d, block)
            var qh: UInt32 = 0
            for j in 0..<16 {
                let q0 = UInt8(Swift.min(31, Int8(v[j] * id + 16.5)))
                let q1 = UInt8(Swift.min(31, Int8(v[j + 16] * id + 16.5)))
                block.storeBytes(of: (q0 & 0x0F) | (q1 & 0x0F) << 4, toByteOffset: 6 + j, as: UInt8.self)
                qh |= UInt32(q0 >> 4) << UInt32(j)
                qh |= UInt32(q1 >> 4) << UInt32(j + 16)
            }
            block.storeBytes(of: qh, toByteOffset: 2, as: UInt32.self)
        }
    }

    /// One weight row · `T.count` Q8_0 activation columns starting at `c0` (`Σ(q5 − 16)·y = Σq5·y − 16·Σy`).
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
            let (he, ho) = q5HighBits(block.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
            let (le, lo) = unpackNibbles32(block + 6)
            let we = le | he, wo = lo | ho
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
            - 16 * corr
    }
}
