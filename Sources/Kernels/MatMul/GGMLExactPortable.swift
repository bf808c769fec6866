// The ggml-exact matmul rows with ``KernelVariant/portable``: the Swift twins of KernelsX86's Q5_0, Q6_K and repacked
// Q4_K kernels (GGMLExactDots.swift), which give their bits (GGMLExactKernelTests, ExactMatMulVariantTests). Like the
// C kernels, each loop unpacks a weight block once for up to four columns (the K-quant ones are in
// GGMLExactKQuantColumns.swift), and the first column's pass prefetches the weights ``prefetchDistance`` ahead.

/// Rows `rows` of `w` (Q5_0, Q6_K or Q4_K) against every quantized activation column (`[columns][columnBytes]` at
/// `activations`) into `output[c · outputStride + r]`, with the arithmetic llama.cpp picks for this matrix and column
/// count.
func exactRowsPortable(
    _ w: WeightMatrix, _ rows: Range<Int>, columns: Int, activations: UnsafeRawPointer, columnBytes: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int
) {
    let blocks = w.columns / w.format.blockElements
    if w.format == .q5_0 {
        var c = 0
        while c < columns {
            let width = Swift.min(4, columns - c)
            let a = activations + c * columnBytes
            for r in rows {
                let row = w.base + r * w.rowBytes
                if c == 0 { prefetchRow(row, bytes: w.rowBytes) }
                let y: SIMD4<Float>
                switch width {
                case 1: y = SIMD4(dotQ5_0(row, a, blocks: blocks), 0, 0, 0)
                case 2: y = dotQ5_0Columns(row, a, columnBytes: columnBytes, blocks: blocks, Tile2.self)
                case 3: y = dotQ5_0Columns(row, a, columnBytes: columnBytes, blocks: blocks, Tile3.self)
                default: y = dotQ5_0Columns(row, a, columnBytes: columnBytes, blocks: blocks, Tile4.self)
                }
                for i in 0..<width { output[(c + i) * outputStride + r] = y[i] }
            }
            c += width
        }
        return
    }
    let repacked = w.format == .q4_K && w.rows % 8 == 0
    // As the C path: llama.cpp's repacked Q4_K GEMM takes the columns four at a time (scales every 64 elements), its
    // GEMV the rest; K-quant matrices that are not repacked go through its tiled kernel from 8 columns on.
    let gemmColumns = columns > 3 ? columns - columns % 4 : 0
    let tiled = columns >= 8
    if w.format == .q4_K && !repacked {
        // Only where a Q4_K matrix's row count is not a multiple of 8 (none of the catalog's models): one column at a
        // time over the item's rows, which then sit in L1 for the next column.
        for c in 0..<columns {
            let a = activations + c * columnBytes
            for r in rows {
                let row = w.base + r * w.rowBytes
                if c == 0 { prefetchRow(row, bytes: w.rowBytes) }
                output[c * outputStride + r] = dotQ4_K(row, a, blocks: blocks, tiled: tiled)
            }
        }
        return
    }
    // Q6_K and repacked Q4_K: up to four columns per pass over the rows (a group of four starting at a multiple of
    // four is either all GEMM columns or all GEMV columns).
    @inline(__always) func dot<T: ColumnTile>(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, perPair: Bool, _: T.Type)
        -> SIMD4<Float>
    {
        w.format == .q6_K
            ? dotQ6_KColumns(row, a, columnBytes: columnBytes, blocks: blocks, tiled: tiled, T.self)
            : dotQ4_KRepackedColumns(row, a, columnBytes: columnBytes, blocks: blocks, perPair: perPair, T.self)
    }
    var c = 0
    while c < columns {
        let width = Swift.min(4, columns - c)
        let a = activations + c * columnBytes
        let perPair = c < gemmColumns
        for r in rows {
            let row = w.base + r * w.rowBytes
            if c == 0 { prefetchRow(row, bytes: w.rowBytes) }
            let y: SIMD4<Float>
            switch width {
            case 1: y = dot(row, a, perPair: perPair, Tile1.self)
            case 2: y = dot(row, a, perPair: perPair, Tile2.self)
            case 3: y = dot(row, a, perPair: perPair, Tile3.self)
            default: y = dot(row, a, perPair: perPair, Tile4.self)
            }
            for i in 0..<width { output[(c + i) * outputStride + r] = y[i] }
        }
        c += width
    }
}

/// ``dotQ5_0(_:_:blocks:)`` of one Q5_0 row against `T.count` (2…4) Q8_0 columns `columnBytes` apart, in lanes
/// `0..<T.count`: each weight block is unpacked once, and each column's accumulator sees exactly the operations of
/// the one-column dot.
@inline(__always)
func dotQ5_0Columns<T: ColumnTile>(
    _ row: UnsafeRawPointer, _ a: UnsafeRawPointer, columnBytes: Int, blocks: Int, _: T.Type
) -> SIMD4<Float> {
    var acc0 = SIMD8<Float>(), acc1 = SIMD8<Float>(), acc2 = SIMD8<Float>(), acc3 = SIMD8<Float>()
    for b in 0..<blocks {
        let x = row + b * 22
        let dx = loadHalf(x)
        let (le, lo) = unpackNibbles32(x + 6)
        let (he, ho) = q5HighBits(x.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        let we = (le | he) &- 16, wo = (lo | ho) &- 16
        let y = a + b * 34
        acc0 = q5_0Step(acc0, we, wo, dx, y)
        if T.count > 1 { acc1 = q5_0Step(acc1, we, wo, dx, y + columnBytes) }
        if T.count > 2 { acc2 = q5_0Step(acc2, we, wo, dx, y + 2 * columnBytes) }
        if T.count > 3 { acc3 = q5_0Step(acc3, we, wo, dx, y + 3 * columnBytes) }
    }
    return SIMD4(
        horizontalSum(acc0), T.count > 1 ? horizontalSum(acc1) : 0, T.count > 2 ? horizontalSum(acc2) : 0,
        T.count > 3 ? horizontalSum(acc3) : 0)
}

/// One block of ``dotQ5_0(_:_:blocks:)``: `acc` plus the unpacked weights (`q5 − 16`, even and odd elements) times
/// the Q8_0 block at `y`, scaled by `dx · dy`.
@inline(__always)
private func q5_0Step(
    _ acc: SIMD8<Float>, _ we: SIMD16<Int16>, _ wo: SIMD16<Int16>, _ dx: Float, _ y: UnsafeRawPointer
) -> SIMD8<Float> {
    let (ye, yo) = int8Pairs(y + 2)
    return acc.plusProduct(floats(pairSum(we &* ye &+ wo &* yo)), dx * loadHalf(y))
}
