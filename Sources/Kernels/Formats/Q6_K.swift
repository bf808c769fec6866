/// Q6_K: 256 elements in 210 bytes, `ql[128], qh[64], scales[16] int8, d: f16`. Two halves of 128; in half h, for
/// l < 32, element 32r + l (r = 0…3) takes its low 4 bits from `ql[64h + l + 32·(r & 1)]` (low nibble for r < 2,
/// high for r ≥ 2) and its high 2 bits from `(qh[32h + l] >> 2r) & 3`; its scale is `scales[8h + 2r + l/16]`;
/// value `d·scale·(q6 − 32)`. Dot products run against Q8_K.
enum BlockQ6_K {
    static let elements = 256
    static let bytes = 210

    /// Dequantizes `count` elements (a multiple of 256) from `src` blocks into `dst`.
    static func dequantize(_ src: UnsafeRawPointer, count: Int, into dst: UnsafeMutablePointer<Float>) {
        for b in 0..<count / 256 {
            let block = src + b * bytes
            let d = loadHalf(block, 208)
            for half in 0..<2 {
                let y = dst + b * 256 + 128 * half
                for l in 0..<32 {
                    let qa = block.load(fromByteOffset: 64 * half + l, as: UInt8.self)
                    let qb = block.load(fromByteOffset: 64 * half + l + 32, as: UInt8.self)
                    let h = block.load(fromByteOffset: 128 + 32 * half + l, as: UInt8.self)
                    let q0 = Int32((qa & 0x0F) | ((h & 3) << 4)) - 32
                    let q1 = Int32((qb & 0x0F) | (((h >> 2) & 3) << 4)) - 32
                    let q2 = Int32((qa >> 4) | (((h >> 4) & 3) << 4)) - 32
                    let q3 = Int32((qb >> 4) | (((h >> 6) & 3) << 4)) - 32
                    func scale(_ r: Int) -> Float {
                        Float(block.load(fromByteOffset: 192 + 8 * half + 2 * r + l / 16, as: Int8.self))
                    }
                    y[l] = d * scale(0) * Float(q0)
                    y[l + 32] = d * scale(1) * Float(q1)
                    y[l + 64] = d * scale(2) * Float(q2)
                    y[l + 96] = d * scale(3) * Float(q3)
                }
            }
        }
    }

    /// ggml's `quantize_row_q6_K_ref`: per 16 elements `make_qx_quants(16, 32, …, rmse_type 1)`, scales to int8 with
    /// `iscale = −128/max_scale`, then the levels recomputed from the stored scales.
    static func quantizeReference(_ x: UnsafePointer<Float>, count: Int, into dst: UnsafeMutableRawPointer) {
        var levels = [Int8](repeating: 0, count: 256)
        for b in 0..<count / 256 {
            let v = x + b * 256
            let block = dst + b * bytes
            var scales = [Float](repeating: 0, count: 16)
            var maxScale: Float = 0, maxAbsScale: Float = 0
            for g in 0..<16 {
                scales[g] = levels.withUnsafeMutableBufferPointer { makeQXQuants(16, 32, v + 16 * g, $0.baseAddress! + 16 * g) }
                if abs(scales[g]) > maxAbsScale {
                    maxAbsScale = abs(scales[g])
                    maxScale = scales[g]
                }
            }
            guard maxAbsScale >= 1e-15 else {
                block.initializeMemory(as: UInt8.self, repeating: 0, count: bytes)
                continue
            }
            let iscale = -128 / maxScale
            storeHalf(1 / iscale, block, 208)
            for g in 0..<16 {
                let s = Int8(Swift.min(127, nearestInt(iscale * scales[g])))
                block.storeBytes(of: s, toByteOffset: 192 + g, as: Int8.self)
            }
            let d = loadHalf(block, 208)
            for g in 0..<16 {
                let ds = d * Float(block.load(fromByteOffset: 192 + g, as: Int8.self))
                guard ds != 0 else { continue }
                for i in 0..<16 {
                    levels[16 * g + i] = Int8(Swift.max(-32, Swift.min(31, nearestInt(v[16 * g + i] / ds))) + 32)
                }
            }
            for half in 0..<2 {
                for l in 0..<32 {
                    let base = 128 * half + l
                    let q = (0..<4).map { UInt8(levels[base + 32 * $0]) }
                    block.storeBytes(of: (q[0] & 0x0F) | ((q[2] & 0x0F) << 4), toByteOffset: 64 * half + l, as: UInt8.self)
                    block.storeBytes(of: (q[1] & 0x0F) | ((q[3] & 0x0F) << 4), toByteOffset: 64 * half + l + 32, as: UInt8.self)
                    let h = (q[0] >> 4) | ((q[1] >> 4) << 2) | ((q[2] >> 4) << 4) | ((q[3] >> 4) << 6)
                    block.storeBytes(of: h, toByteOffset: 128 + 32 * half + l, as: UInt8.self)
                }
            }
        }
    }

    /// One weight row · `T.count` Q8_K activation columns starting at `c0`:
    /// `Σ_blocks d·dy·(Σ_i sc_i·Σ q6·y − 32·Σ_i sc_i·bsum_i)` with unsigned 6-bit levels q6.
    @inline(__always)
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column c0: Int, _: T.Type
    ) -> SIMD4<Float> {
        let n = a.length, nb = a.blocks
        let qs = a.qs + c0 * n
        let dy = a.scales + c0 * nb
        let sums = a.sums + c0 * nb * 32
        var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
        var corr = SIMD4<Float>()
        for b in 0..<nb {
            let block = row + b * bytes
            let d = loadHalf(block, 208)
            var sc16 = SIMD16<Int32>()
            for i in 0..<16 { sc16[i] = Int32(block.load(fromByteOffset: 192 + i, as: Int8.self)) }
            var isum = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
            // One row r of a half: low nibbles from `src` shifted by `ns`, high 2 bits from qh shifted by 2r (both
            // constants after inlining).
            @inline(__always) func sixBitRow(
                _ half: Int, _ r: Int, _ src: SIMD16<UInt16>, _ ns: UInt16, _ hEven: SIMD16<UInt16>,
                _ hOdd: SIMD16<UInt16>, _ hs: UInt16
            ) {
                let we = unsafeBitCast(((src &>> ns) & 0x000F) | ((hEven &>> hs) & 0x30), to: SIMD16<Int16>.self)
                let wo = unsafeBitCast(((src &>> (ns + 8)) & 0x000F) | ((hOdd &>> hs) & 0x30), to: SIMD16<Int16>.self)
                // Int32 lanes 0…3 hold elements 0…15 of the row (first scale), lanes 4…7 elements 16…31.
                let s = 8 * half + 2 * r
                let scale = SIMD8<Int32>(lowHalf: SIMD4(repeating: sc16[s]), highHalf: SIMD4(repeating: sc16[s + 1]))
                @inline(__always) func column(_ col: Int, _ isum: inout SIMD8<Int32>) {
                    let q = qs + col * n + b * 256 + 128 * half + 32 * r
                    isum &+= pairSumSmall(products(we, wo, q)) &* scale
                }
                column(0, &isum.0)
                if T.count > 1 { column(1, &isum.1) }
                if T.count > 2 { column(2, &isum.2) }
                if T.count > 3 { column(3, &isum.3) }
            }
            @inline(__always) func halfBlock(_ h: Int) {
                let qa = block.loadUnaligned(fromByteOffset: 64 * h, as: SIMD16<UInt16>.self)
                let qb = block.loadUnaligned(fromByteOffset: 64 * h + 32, as: SIMD16<UInt16>.self)
                let bits = block.loadUnaligned(fromByteOffset: 128 + 32 * h, as: SIMD16<UInt16>.self)
                let hEven = bits &<< 4, hOdd = bits &>> 4
                sixBitRow(h, 0, qa, 0, hEven, hOdd, 0)
                sixBitRow(h, 1, qb, 0, hEven, hOdd, 2)
                sixBitRow(h, 2, qa, 4, hEven, hOdd, 4)
                sixBitRow(h, 3, qb, 4, hEven, hOdd, 6)
            }
            halfBlock(0)
            halfBlock(1)
            @inline(__always) func finish(_ col: Int, _ isum: SIMD8<Int32>, _ acc: inout SIMD8<Float>) {
                let dd = d * dy[col * nb + b]
                acc.formPlusProduct(floats(isum), dd)
                let s16 = UnsafeRawPointer(sums + (col * nb + b) * 32).loadUnaligned(as: SIMD16<Int32>.self)
                let t = sc16 &* s16
                corr[col] = corr[col].plusProduct(dd, Float(horizontalSum(t.lowHalf &+ t.highHalf)))
            }
            finish(0, isum.0, &acc.0)
            if T.count > 1 { finish(1, isum.1, &acc.1) }
            if T.count > 2 { finish(2, isum.2, &acc.2) }
            if T.count > 3 { finish(3, isum.3, &acc.3) }
        }
        return SIMD4(horizontalSum(acc.0), horizontalSum(acc.1), horizontalSum(acc.2), horizontalSum(acc.3))
            - 32 * corr
    }
}
