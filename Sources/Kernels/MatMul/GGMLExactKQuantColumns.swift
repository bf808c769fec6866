// The portable twins' K-quant rows several activation columns at a time: ``dotQ6_K(_:_:blocks:tiled:)`` and
// ``dotQ4_KRepacked(_:_:blocks:perPair:)`` for up to four Q8_K columns, each weight group unpacked once (and a
// block's scales decoded once) for all of them. Every column sees exactly the integer sums and the f32 operations,
// in the same order, of its one-column dot, so the bits are the same (ExactMatMulVariantTests holds the portable
// matmul to the one-column dots at 1…13 columns). Prefill spends most of a K-quant matmul here.

/// ``dotQ6_K(_:_:blocks:tiled:)`` of one row against `T.count` (1…4) Q8_K columns `columnBytes` apart, in lanes
/// `0..<T.count`.
@inline(__always)
func dotQ6_KColumns<T: ColumnTile>(
    _ row: UnsafeRawPointer, _ a: UnsafeRawPointer, columnBytes: Int, blocks: Int, tiled: Bool, _: T.Type
) -> SIMD4<Float> {
    var acc = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())
    var total = SIMD4<Float>()
    for b in 0..<blocks {
        let x = row + b * 210
        let y = a + b * 292
        var sums = (SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>(), SIMD8<Int32>())
        for half in 0..<2 {
            for g in 0..<4 {
                let (we, wo, scale) = q6KGroup(x, half: half, group: g)
                let offset = q6KGroupOffset(half: half, group: g)
                @inline(__always) func column(_ k: Int, _ sum: inout SIMD8<Int32>) {
                    let (ye, yo) = int8Pairs(y + k * columnBytes + offset)
                    sum &+= pairSum(we &* ye &+ wo &* yo) &* scale
                }
                column(0, &sums.0)
                if T.count > 1 { column(1, &sums.1) }
                if T.count > 2 { column(2, &sums.2) }
                if T.count > 3 { column(3, &sums.3) }
            }
        }
        let scales = q6KScalePairs(x)
        let dx = loadHalf(x, 208)
        @inline(__always) func finish(_ k: Int, _ sum: SIMD8<Int32>, _ acc: inout SIMD8<Float>) {
            let yk = y + k * columnBytes
            let lanes = sum &- q6KCorrection(scales, yk)
            let dy = yk.load(as: Float.self)
            if tiled {
                total[k] = total[k].plusProduct(dx * Float(lanes.wrappedSum()), dy)
            } else {
                acc = acc.plusProduct(floats(lanes), dy * dx)
            }
        }
        finish(0, sums.0, &acc.0)
        if T.count > 1 { finish(1, sums.1, &acc.1) }
        if T.count > 2 { finish(2, sums.2, &acc.2) }
        if T.count > 3 { finish(3, sums.3, &acc.3) }
    }
    if tiled { return total }
    return SIMD4(
        horizontalSum(acc.0), T.count > 1 ? horizontalSum(acc.1) : 0, T.count > 2 ? horizontalSum(acc.2) : 0,
        T.count > 3 ? horizontalSum(acc.3) : 0)
}

/// ``dotQ4_KRepacked(_:_:blocks:perPair:)`` of one row against `T.count` (1…4) Q8_K columns `columnBytes` apart, in
/// lanes `0..<T.count`. Each pair's integer sum goes straight into its column's f32 accumulator (`perPair`) or integer
/// block total, in the order of the one-column dot, rather than into a lane of a vector first (writing a vector lane
/// by a variable index goes through memory).
@inline(__always)
func dotQ4_KRepackedColumns<T: ColumnTile>(
    _ row: UnsafeRawPointer, _ a: UnsafeRawPointer, columnBytes: Int, blocks: Int, perPair: Bool, _: T.Type
) -> SIMD4<Float> {
    var acc: (Float, Float, Float, Float) = (0, 0, 0, 0)
    var mins: (Float, Float, Float, Float) = (0, 0, 0, 0)
    for b in 0..<blocks {
        let x = row + b * 144
        let y = a + b * 292
        let dx = loadHalf(x), dminx = loadHalf(x, 2)
        @inline(__always) func dy(_ k: Int) -> Float { (y + k * columnBytes).load(as: Float.self) }
        let d = SIMD4(dx * dy(0), T.count > 1 ? dx * dy(1) : 0, T.count > 2 ? dx * dy(2) : 0,
                      T.count > 3 ? dx * dy(3) : 0)
        var totals: (Int32, Int32, Int32, Int32) = (0, 0, 0, 0)
        for c in 0..<4 {
            let (s0, _) = scaleMinK4Int32(2 * c, x + 4)
            let (s1, _) = scaleMinK4Int32(2 * c + 1, x + 4)
            let w = q4KPairWeights(x, c)
            @inline(__always) func column(_ k: Int, _ acc: inout Float, _ total: inout Int32) {
                let (l, h) = q4KPairProducts(w, y + k * columnBytes, c)
                let pair = (l &* s0 &+ h &* s1).wrappedSum()
                if perPair {
                    acc = acc.plusProduct(Float(pair), d[k])
                } else {
                    total &+= pair
                }
            }
            column(0, &acc.0, &totals.0)
            if T.count > 1 { column(1, &acc.1, &totals.1) }
            if T.count > 2 { column(2, &acc.2, &totals.2) }
            if T.count > 3 { column(3, &acc.3, &totals.3) }
        }
        let blockMins = q4KMins(x)
        @inline(__always) func finish(_ k: Int, _ acc: inout Float, _ total: Int32, _ mins: inout Float) {
            let minPairs = q4KMinPairs(blockMins, y + k * columnBytes)
            let dmin = dminx * dy(k)
            if perPair {
                for c in 0..<4 { mins = mins.plusProduct(Float(minPairs[c]), dmin) }
            } else {
                acc = acc.plusProduct(Float(total), d[k])
                mins = mins.plusProduct(Float(minPairs.wrappedSum()), dmin)
            }
        }
        finish(0, &acc.0, totals.0, &mins.0)
        if T.count > 1 { finish(1, &acc.1, totals.1, &mins.1) }
        if T.count > 2 { finish(2, &acc.2, totals.2, &mins.2) }
        if T.count > 3 { finish(3, &acc.3, totals.3, &mins.3) }
    }
    return SIMD4(acc.0 - mins.0, acc.1 - mins.1, acc.2 - mins.2, acc.3 - mins.3)
}
