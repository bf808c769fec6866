/// Q4_K: 256 elements in 144 bytes, `d: f16, dmin: f16, scales[12], qs[128]`. Eight sub-blocks of 32 with 6-bit
/// scale `sc_j` and min `m_j` (``scaleMinK4(_:_:)``); `qs` is 4 chunks of 32 bytes, chunk c holding sub-block 2c in
/// its low nibbles and 2c + 1 in its high nibbles; value `d·sc_j·q − dmin·m_j`. Dot products run against Q8_K.
enum BlockQ4_K {
    static let elements = 256
    static let bytes = 144

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
                    let q = block.load(fromByteOffset: 16 + 32 * c + l, as: UInt8.self)
                    y[l] = d0 * Float(q & 0x0F) - n0
                    y[l + 32] = d1 * Float(q >> 4) - n1
                }
            }
        }
    }

    /// ggml's `quantize_row_q4_K_ref`: per sub-block `make_qkx2_quants(32, 15, …)`, scales and mins to 6 bits, then
    /// the levels recomputed from the stored scales.
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
                        makeQKX2Quants(32, 15, v + 32 * j, w.baseAddress!, l.baseAddress! + 32 * j,
                                       rmin: -1, rdelta: 0.1, steps: 20)
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
                    levels[32 * j + i] = UInt8(Swift.max(0, Swift.min(15, nearestInt((v[32 * j + i] + dm) / ds))))
                }
            }
            for c in 0..<4 {
                for l in 0..<32 {
                    let q = levels[64 * c + l] | (levels[64 * c + 32 + l] << 4)
                    block.storeBytes(of: q, toByteOffset: 16 + 32 * c + l, as: UInt8.self)
                }
            }
        }
    }

    /// One weight row · `T.count` Q8_K activation columns starting at `c0`:
    /// `Σ_blocks d·dy·Σ_j sc_j·Σ q·y − dmin·dy·Σ_j m_j·Σy_j`.
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
            var isum = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
            for c in 0..<4 {
                let v = block.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt16>.self)
                let le = unsafeBitCast(v & 0x000F, to: SIMD16<Int16>.self)
                let lo = unsafeBitCast((v &>> 8) & 0x000F, to: SIMD16<Int16>.self)
                let he = unsafeBitCast((v &>> 4) & 0x000F, to: SIMD16<Int16>.self)
                let ho = unsafeBitCast(v &>> 12, to: SIMD16<Int16>.self)
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
