/// Q5_1: 32 elements in 24 bytes, `d: f16, m: f16, qh: u32, qs[16]`; bits as Q5_0; value `q5·d + m`.
/// Dot products run against Q8_1 activations.
enum BlockQ5_1 {
    static let elements = 32
    static let bytes = 24

    /// Dequantizes `count` elements (a multiple of 32) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 32 {
            let block = src + b * bytes
            let d = loadHalf(block), m = loadHalf(block, 2)
            let qh = block.loadUnaligned(fromByteOffset: 4, as: UInt32.self)
            let y = dst + b * 32
            for i in 0..<16 {
                let q = block.load(fromByteOffset: 8 + i, as: UInt8.self)
                let h0 = UInt32((qh >> UInt32(i)) & 1) << 4
                let h1 = UInt32((qh >> UInt32(i + 16)) & 1) << 4
                y[i] = Float(UInt32(q & 0x0F) | h0) * d + m
                y[i + 16] = Float(UInt32(q >> 4) | h1) * d + m
            }
        }
    }

    /// ggml's `quantize_row_q5_1_ref`: `d = (max − min)/31`, `m = min`, `q = ⌊(x − min)/d + 0.5⌋`.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        for b in 0..<count / 32 {
            let v = x + b * 32
            let block = dst + b * bytes
            var lo = Float.greatestFiniteMagnitude, hi = -Float.greatestFiniteMagnitude
            for j in 0..<32 {
                if v[j] < lo { lo = v[j] }
                if v[j] > hi { hi = v[j] }
            }
            let d = (hi - lo) / 31
            let id: Float = d != 0 ? 1 / d : 0
            storeHalf(d, block)
            storeHalf(lo, block, 2)
            var qh: UInt32 = 0
            for j in 0..<16 {
                let q0 = Swift.min(31, UInt8((v[j] - lo) * id + 0.5))
                let q1 = Swift.min(31, UInt8((v[j + 16] - lo) * id + 0.5))
                block.storeBytes(of: (q0 & 0x0F) | (q1 & 0x0F) << 4, toByteOffset: 8 + j, as: UInt8.self)
                qh |= UInt32(q0 >> 4) << UInt32(j)
                qh |= UInt32(q1 >> 4) << UInt32(j + 16)
            }
            block.storeBytes(of: qh, toByteOffset: 4, as: UInt32.self)
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
            let (he, ho) = q5HighBits(block.loadUnaligned(fromByteOffset: 4, as: UInt32.self))
            let (le, lo) = unpackNibbles32(block + 8)
            let we = le | he, wo = lo | ho
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
