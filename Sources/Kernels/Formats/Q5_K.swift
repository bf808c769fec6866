/// Q5_K: 256 elements in 176 bytes, `d: f16, dmin: f16, scales[12], qh[32], qs[128]`. As Q4_K, plus a fifth bit:
/// element l of sub-block j takes bit j of `qh[l]`; value `d·sc_j·q5 − dmin·m_j`. Dot products run against Q8_K.
enum BlockQ5_K {
    static let elements = 256
    static let bytes = 176

    /// Dequantizes `count` elements (a multiple of 256) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 256 {
            let block = src + b * bytes
            let d = loadHalf(block), dmin = loadHalf(block, 2)
            for c in 0..<4 {
                let (s0, m0) = scaleMinK4(2 * c, block + 4)
                let (s1, m1) = scaleMinK4(2 * c + 1, block + 4)
                let d0 = d * Float(s0), d1 = d * Float(s1)
                let n0 = dmin * Float(m0), n1 = dmin * Float(m1)
                let y = dst + b * 256 + c * 64
                for l in 0..<32 {
                    let q = block.load(fromByteOffset: 48 + 32 * c + l, as: UInt8.self)
                    let h = block.load(fromByteOffset: 16 + l, as: UInt8.self)
                    let h0: UInt8 = (h >> UInt8(2 * c)) & 1 == 1 ? 16 : 0
                    let h1: UInt8 = (h >> UInt8(2 * c + 1)) & 1 == 1 ? 16 : 0
                    y[l] = d0 * Float((q & 0x0F) | h0) - n0
                    y[l + 32] = d1 * Float((q >> 4) | h1) - n1
                }
            }
        }
    }

    /// ggml's `quantize_row_q5_K_ref`: per sub-block `make_qkx2_quants(32, 31, …)`, 6-bit scales and mins, then the
    /// levels recomputed from the stored scales.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        var levels = [UInt8](repeating: 0, count: 256)
        for b in 0..<count / 256 {
            let v = x + b * 256
            let block = dst + b * bytes
            var scales = [Float](repeating: 0, count: 8), mins = scales
            for j in 0..<8 {
                let weights = subBlockWeights(v + 32 * j)
                (scales[j], mins[j]) = levels.withUnsafeMutableBufferPointer { l in
                    weights.withUnsafeBufferPointer { w in
                        makeQKX2Quants(32, 31, v + 32 * j, w.baseAddress!, l.baseAddress! + 32 * j,
                                       rmin: -0.5, rdelta: 0.1, steps: 15)
                    }
                }
            }
            let (d, dmin) = packScalesK4(scales, mins, into: block + 4, block: block)
            for j in 0..<8 {
                let (sc, m) = scaleMinK4(j, block + 4)
                let ds = d * Float(sc)
                guard ds != 0 else { continue }
                let dm = dmin * Float(m)
                for i in 0..<32 {
                    levels[32 * j + i] = UInt8(Swift.max(0, Swift.min(31, nearestInt((v[32 * j + i] + dm) / ds))))
                }
            }
            for l in 0..<32 { block.storeBytes(of: UInt8(0), toByteOffset: 16 + l, as: UInt8.self) }
            for c in 0..<4 {
                for l in 0..<32 {
                    let q0 = levels[64 * c + l], q1 = levels[64 * c + 32 + l]
                    var h = block.load(fromByteOffset: 16 + l, as: UInt8.self)
                    h |= (q0 >> 4) << UInt8(2 * c)
                    h |= (q1 >> 4) << UInt8(2 * c + 1)
                    block.storeBytes(of: h, toByteOffset: 16 + l, as: UInt8.self)
                    block.storeBytes(of: (q0 & 0x0F) | (q1 & 0x0F) << 4, toByteOffset: 48 + 32 * c + l, as: UInt8.self)
                }
            }
        }
    }

    /// One weight row · `T.count` Q8_K activation columns starting at `c0` (as Q4_K, with 5-bit levels).
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, nb = a.blocks
        let qs = a.qs + c0 * n
        let dy = a.scales + c0 * nb
        let sums = a.sums + c0 * nb * 32
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var mins = SIMD4<Float>()
        for b in 0..<nb {
            let block = row + b * bytes
            let d = loadHalf(block), dmin = loadHalf(block, 2)
            var sc = SIMD8<Int32>(), mn = SIMD8<Int32>()
            for j in 0..<8 {
                let (s, m) = scaleMinK4(j, block + 4)
                sc[j] = Int32(s)
                mn[j] = Int32(m)
            }
            // qh as 16-bit lanes: even elements in the low byte, odd in the high byte; sub-block j uses bit j, moved
            // to bit 4 with constant shifts (h << 4 >> j for even elements, h >> 4 >> j for odd ones).
            let h = block.loadUnaligned(fromByteOffset: 16, as: SIMD16<UInt16>.self)
            let hEven = h &<< 4, hOdd = h &>> 4
            var isum = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
            @inline(__always) func chunk(_ c: Int, _ j0: UInt16, _ j1: UInt16) {
                let v = block.loadUnaligned(fromByteOffset: 48 + 32 * c, as: SIMD16<UInt16>.self)
                let le = unsafeBitCast((v & 0x000F) | ((hEven &>> j0) & 0x10), to: SIMD16<Int16>.self)
                let lo = unsafeBitCast(((v &>> 8) & 0x000F) | ((hOdd &>> j0) & 0x10), to: SIMD16<Int16>.self)
                let he = unsafeBitCast(((v &>> 4) & 0x000F) | ((hEven &>> j1) & 0x10), to: SIMD16<Int16>.self)
                let ho = unsafeBitCast((v &>> 12) | ((hOdd &>> j1) & 0x10), to: SIMD16<Int16>.self)
                let sLo = SIMD8<Int32>(repeating: sc[2 * c]), sHi = SIMD8<Int32>(repeating: sc[2 * c + 1])
                @inline(__always) func column(_ col: Int, _ isum: inout SIMD8<Int32>) {
                    let q = qs + col * n + b * 256 + 64 * c
                    isum &+= pairSumSmall(products(le, lo, q)) &* sLo &+ pairSumSmall(products(he, ho, q + 32)) &* sHi
                }
                column(0, &isum.0)
                if T.count > 1 { column(1, &isum.1) }
                if T.count > 2 { column(2, &isum.2) }
                if T.count > 3 { column(3, &isum.3) }
            }
            chunk(0, 0, 1)
            chunk(1, 2, 3)
            chunk(2, 4, 5)
            chunk(3, 6, 7)
            @inline(__always) func finish(_ col: Int, _ isum: SIMD8<Int32>, _ acc: inout SIMD8<Float>) {
                let dd = dy[col * nb + b]
                acc.formPlusProduct(floats(isum), d * dd)
                let s32 = UnsafeRawPointer(sums + (col * nb + b) * 32 + 16).loadUnaligned(as: SIMD8<Int32>.self)
                mins[col] = mins[col].plusProduct(dmin * dd, Float(horizontalSum(mn &* s32)))
            }
            finish(0, isum.0, &acc.0)
            if T.count > 1 { finish(1, isum.1, &acc.1) }
            if T.count > 2 { finish(2, isum.2, &acc.2) }
            if T.count > 3 { finish(3, isum.3, &acc.3) }
        }
        return SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3)) - mins
    }
}
