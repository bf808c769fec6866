import Kernels
import KernelsX86

// Matmuls for the weight formats where llama.cpp's (b11434+) AVX2 kernels round differently from Kernels' kernels:
// Q5_0 (ggml keeps `q − 16` signed inside the integer dot; Kernels subtracts `16·Σy` in float afterwards), Q6_K
// (ggml subtracts `32·Σ sc·bsum` per lane in integers) and Q4_K (on AVX2 ggml repacks Q4_K matrices whose row count
// is a multiple of 8 into `q4_K_8x8` and sums each 256-block to one integer before scaling; otherwise it uses
// `ggml_vec_dot_q4_K_q8_K`); with 8 or more activation rows, non-repacked K-quants go through ggml's tiled kernel
// (ggml-cpu/tiled), which scales each block's integer total once). The products are the same numbers; only the f32 rounding differs, but with 8-bit
// activations that difference is amplified layer after layer (see GGMLMath.swift), so Gemma 3 (Q5_0, Q4_K, Q6_K)
// needs these to reach llama.cpp's log-probabilities.
//
// TODO(kernels): give Kernels' Q5_0, Q4_K and Q6_K kernels ggml's exact lane arithmetic (and tiling); then delete
// this file. The activations are quantized by Kernels' `quantizeActivations` (bit-exact with ggml).

/// Whether ``ggmlExactMatMul(_:input:inputStride:columns:output:outputStride:activations:pool:)`` handles `w`.
func ggmlExactMatMulHandles(_ w: WeightMatrix) -> Bool {
    switch w.format {
    case .q5_0, .q4_K, .q6_K: true
    default: false
    }
}

/// Bytes of scratch one column of `length` elements needs: its quantized activations (the largest activation
/// format), the Q8_0 block scales widened to f32, its half of a Q8_0 column pair (`swl_q8_0_pairs`: 64 bytes of
/// quants, 16 scales and 16 corrections per block and pair), and alignment slack.
func ggmlExactActivationBytes(length: Int) -> Int {
    (length + 255) / 256 * 292 + (length + 31) / 32 * (34 + 4 + 32 + 32 + 32) + 64
}

/// `output[c][r] = W[r] · input[c]` for `columns` columns with ggml's AVX2 arithmetic for `w.format` (one of
/// ``ggmlExactMatMulHandles(_:)``).
///
/// - Parameters:
///   - input: `[columns][inputStride]` floats (the first `w.columns` of each are used).
///   - output: `[columns][outputStride]` floats.
///   - activations: scratch of `columns × ggmlExactActivationBytes(length: w.columns)` bytes.
func ggmlExactMatMul(
    _ w: WeightMatrix, input: UnsafePointer<Float>, inputStride: Int, columns: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int, activations: UnsafeMutableRawPointer, pool: WorkerPool?
) {
    ggmlExactMatMulGroup(
        MatMulTarget(w, output: output, stride: outputStride), nil, nil, input: input, inputStride: inputStride,
        columns: columns, activations: activations, pool: pool)
}

/// One to three ``ggmlExactMatMul(_:input:inputStride:columns:output:outputStride:activations:pool:)``s of the same
/// input in one pass over the pool: the activations are quantized once and all row chunks are claimed from one
/// counter. Every matrix must be handled by this file and share the row length and activation format of `first`.
func ggmlExactMatMulGroup(
    _ first: MatMulTarget, _ second: MatMulTarget?, _ third: MatMulTarget?, input: UnsafePointer<Float>,
    inputStride: Int, columns: Int, activations: UnsafeMutableRawPointer, pool: WorkerPool?
) {
    let w0 = first.weights
    let format = w0.format.activationFormat
    let columnBytes = w0.columns / format.blockElements * format.blockBytes
    // Q8_0 (Q5_0 weights): every block's `d` widened to f32 once, `[columns][blocks]` after the quantized columns;
    // with AVX-512, also the columns in pairs for swl_q5_0_q8_0_pairs_rows (a lone decode column keeps the 256-bit
    // kernel, which wastes no half register).
    var widened: UnsafeMutablePointer<Float>?
    var pairs: Q8_0Pairs?
    if format == .q8_0 {
        let blocks = w0.columns / 32
        let start = (columns * columnBytes + 63) / 64 * 64
        widened = (activations + start).bindMemory(to: Float.self, capacity: columns * blocks)
        if columns >= 2 && swl_isa_active() == SWL_ISA_AVX512VNNI {
            let count = (columns + 1) / 2
            let ys = (start + columns * blocks * 4 + 63) / 64 * 64
            let ds = ys + count * blocks * 64
            let corrections = ds + count * blocks * 64
            pairs = Q8_0Pairs(
                quants: activations + ys,
                scales: (activations + ds).bindMemory(to: Float.self, capacity: count * blocks * 16),
                corrections: (activations + corrections).bindMemory(to: Int32.self, capacity: count * blocks * 16))
        }
    }
    let quantize = QuantizeColumnsJob(
        input: input, inputStride: inputStride, length: w0.columns, format: format, activations: activations,
        columnBytes: columnBytes, widenedScales: widened, pairs: pairs, columns: columns)
    // A prefill batch's columns are quantized on every thread (serial, this was ~6% of a Gemma pp512); a few decode
    // columns are not worth a pass over the pool.
    if let pool, columns >= 2 * QuantizeColumnsJob.columnsPerItem {
        pool.parallelFor(quantize.items, quantize)
    } else {
        for i in 0..<quantize.items { quantize.run(i) }
    }
    let chunk = 16
    let n0 = (w0.rows + chunk - 1) / chunk
    let n1 = second.map { ($0.weights.rows + chunk - 1) / chunk } ?? 0
    let n2 = third.map { ($0.weights.rows + chunk - 1) / chunk } ?? 0
    let job = ExactMatMulJob(
        targets: (first, second, third), chunk: chunk, n0: n0, n1: n1, columns: columns,
        activations: UnsafeRawPointer(activations), columnBytes: columnBytes, widenedScales: widened, pairs: pairs)
    let chunks = n0 + n1 + n2
    if let pool, chunks > 1 {
        pool.parallelFor(chunks, job)
    } else {
        for i in 0..<chunks { job.run(i) }
    }
}

/// Q8_0 activation columns in the pair layout of `swl_q5_0_q8_0_pairs_rows` (see `swl_q8_0_pairs`).
private struct Q8_0Pairs {
    /// `[pairs][blocks][64]` interleaved quants.
    let quants: UnsafeMutableRawPointer
    /// `[pairs][blocks][16]` block scales as f32 (each column's in its 8 lanes).
    let scales: UnsafeMutablePointer<Float>
    /// `[pairs][blocks][16]` Int32 offset corrections (see `swl_q8_0_pairs`).
    let corrections: UnsafeMutablePointer<Int32>
}

/// Quantizes activation columns for the ggml-exact kernels, `columnsPerItem` columns per work item: each column's
/// blocks into `[columns][columnBytes]` at `activations` and, for Q8_0, its block scales widened to f32 (and, with
/// `pairs`, the item's columns in pairs: `columnsPerItem` is even, so no pair spans two items).
private struct QuantizeColumnsJob: ParallelJob {
    static let columnsPerItem = 8
    let input: UnsafePointer<Float>
    let inputStride: Int
    let length: Int
    let format: ActivationFormat
    let activations: UnsafeMutableRawPointer
    let columnBytes: Int
    /// `[columns][length / 32]` Q8_0 block scales as f32 (Q8_0 activations only).
    let widenedScales: UnsafeMutablePointer<Float>?
    let pairs: Q8_0Pairs?
    let columns: Int

    var items: Int { (columns + Self.columnsPerItem - 1) / Self.columnsPerItem }

    func run(_ item: Int) {
        let blocks = length / 32
        let first = item * Self.columnsPerItem, end = min(columns, (item + 1) * Self.columnsPerItem)
        defer {
            if let pairs, let widenedScales {
                swl_q8_0_pairs(
                    activations + first * columnBytes, columnBytes, widenedScales + first * blocks, Int32(end - first),
                    Int32(blocks), pairs.quants + first / 2 * blocks * 64, pairs.scales + first / 2 * blocks * 16,
                    pairs.corrections + first / 2 * blocks * 16)
            }
        }
        for c in first..<end {
            let column = activations + c * columnBytes
            quantizeActivations(input + c * inputStride, count: length, format: format, into: column)
            guard let scales = widenedScales else { continue }
            for b in 0..<blocks {
                scales[c * blocks + b] = Float(Float16(bitPattern: UnsafeRawPointer(column).loadUnaligned(
                    fromByteOffset: b * 34, as: UInt16.self)))
            }
        }
    }
}

/// The work items of ``ggmlExactMatMulGroup(_:_:_:input:inputStride:columns:activations:pool:)``: the row chunks of
/// the first target, then the second's, then the third's (a stack value: handing it to the pool allocates nothing).
private struct ExactMatMulJob: ParallelJob {
    let targets: (MatMulTarget, MatMulTarget?, MatMulTarget?)
    /// Rows per item.
    let chunk: Int
    /// Items of the first and second target.
    let n0: Int, n1: Int
    let columns: Int
    /// `[columns][columnBytes]` quantized activations.
    let activations: UnsafeRawPointer
    let columnBytes: Int
    /// Q8_0 activations: `[columns][blocks]` block scales as f32.
    let widenedScales: UnsafeMutablePointer<Float>?
    let pairs: Q8_0Pairs?

    func run(_ item: Int) {
        let target: MatMulTarget?
        let index: Int
        if item < n0 {
            (target, index) = (targets.0, item)
        } else if item < n0 + n1 {
            (target, index) = (targets.1, item - n0)
        } else {
            (target, index) = (targets.2, item - n0 - n1)
        }
        guard let target else { return }
        let w = target.weights
        exactRows(w, (index * chunk)..<min(w.rows, (index + 1) * chunk), columns: columns,
                  activations: activations, columnBytes: columnBytes, widenedScales: widenedScales, pairs: pairs,
                  output: target.output, outputStride: target.stride)
    }
}

/// Rows `rows` of `w` against every quantized activation column (`[columns][columnBytes]` at `activations`), with
/// the kernel llama.cpp picks for this matrix and column count.
private func exactRows(
    _ w: WeightMatrix, _ rows: Range<Int>, columns: Int, activations: UnsafeRawPointer, columnBytes: Int,
    widenedScales: UnsafeMutablePointer<Float>?, pairs: Q8_0Pairs?, output: UnsafeMutablePointer<Float>,
    outputStride: Int
) {
    let blocks = w.columns / w.format.blockElements
    let repacked = w.format == .q4_K && w.rows % 8 == 0
    let gemmColumns = columns > 3 ? columns - columns % 4 : 0
    // K-quant matrices that are not repacked go through llama.cpp's tiled kernel from 8 activation rows on.
    let tiled = columns >= 8
    if w.format == .q6_K {
        // As Q5_0 below: eight columns per call, each as swl_dot_q6_K_q8_K of that column.
        var c = 0
        while c < columns {
            let width = Swift.min(8, columns - c)
            for r in rows {
                swl_dot_q6_K_q8_K_columns(
                    w.base + r * w.rowBytes, activations + c * columnBytes, columnBytes, Int32(width),
                    Int32(blocks), tiled ? 1 : 0, output + c * outputStride + r, outputStride)
            }
            c += width
        }
        return
    }
    if repacked && columns >= 8 && blocks <= SWL_Q4_K_PAIR_MAX_BLOCKS && swl_isa_active() == SWL_ISA_AVX512VNNI {
        // Prefill with AVX-512: two columns per register for the integer work, 16 per unpacked block (row loop in C).
        swl_q4_K_q8_K_repacked_pairs_rows(
            w.base, w.rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), activations, columnBytes,
            Int32(columns), Int32(blocks), Int32(gemmColumns), output, outputStride)
        return
    }
    if repacked {
        // As Q5_0 below: eight columns per call, each as swl_dot_q4_K_q8_K_repacked of that column.
        var c = 0
        while c < columns {
            let width = Swift.min(8, columns - c)
            for r in rows {
                swl_dot_q4_K_q8_K_repacked_columns(
                    w.base + r * w.rowBytes, activations + c * columnBytes, columnBytes, Int32(width),
                    Int32(blocks), Int32(gemmColumns - c), output + c * outputStride + r, outputStride)
            }
            c += width
        }
        return
    }
    if w.format == .q5_0, let pairs {
        // Two columns per 512-bit register, 16 per unpacked weight block (the row loop is in C).
        swl_q5_0_q8_0_pairs_rows(
            w.base, w.rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), pairs.quants, pairs.scales,
            pairs.corrections, Int32(columns), Int32(blocks), output, outputStride)
        return
    }
    if w.format == .q5_0, let widenedScales {
        // Eight columns per unpacked weight block (results identical to the per-column dot), rows looped in C: a
        // decode row is 440 bytes, about what a call per row from here cost.
        swl_q5_0_q8_0_rows(
            w.base, w.rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), activations, columnBytes,
            widenedScales, Int32(columns), Int32(blocks), output, outputStride)
        return
    }
    for r in rows {
        let row = w.base + r * w.rowBytes
        for c in 0..<columns {
            let a = activations + c * columnBytes
            let value: Float
            // The AVX2 C kernels (KernelsX86) compute exactly what their Swift twins below compute.
            switch w.format {
            case .q5_0: value = swl_dot_q5_0_q8_0(row, a, Int32(blocks))
            case .q6_K: value = swl_dot_q6_K_q8_K(row, a, Int32(blocks), tiled ? 1 : 0)
            default:
                if repacked {
                    // llama.cpp's repacked Q4_K runs 4 activation rows at a time through its GEMM (which scales
                    // every 64 elements) and the leftover rows through its GEMV (which scales every 256).
                    value = swl_dot_q4_K_q8_K_repacked(row, a, Int32(blocks), c < gemmColumns ? 1 : 0)
                } else {
                    value = dotQ4_K(row, a, blocks: blocks, tiled: tiled)
                }
            }
            output[c * outputStride + r] = value
        }
    }
}

// MARK: - Row dots (scalar-exact, vectorized over Int16 lanes); the Q5_0, Q6_K and repacked Q4_K ones are the
// reference twins of the KernelsX86 kernels (GGMLExactKernelTests compares them).

/// `ggml_vec_dot_q5_0_q8_0` (AVX2): per block, 8 lanes of 4-element integer sums of `(q5 − 16)·q8`, each added to
/// an f32 lane with `fma(dx·dy, lane, acc)`; then `hsum_float_8`.
@inline(__always)
package func dotQ5_0(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int) -> Float {
    var acc = SIMD8<Float>()
    for b in 0..<blocks {
        let x = row + b * 22
        let y = a + b * 34
        let d = loadHalf(x) * loadHalf(y)
        let (le, lo) = nibbles(x + 6)
        let (he, ho) = fifthBits(x.loadUnaligned(fromByteOffset: 2, as: UInt32.self))
        let we = (le | he) &- 16, wo = (lo | ho) &- 16
        let (ye, yo) = int8Pairs(y + 2)
        acc = acc.addingProduct(SIMD8<Float>(pairSum(we &* ye &+ wo &* yo)), d)
    }
    return hsum8(acc)
}

/// Q6_K against Q8_K. `ggml_vec_dot_q6_K_q8_K` (AVX2; fewer than 8 activation rows): per block, 8 Int32 lanes
/// accumulate `sc·Σ q6·q8` over 4-element groups, minus `32·(bsum[2k]·sc[2k] + bsum[2k+1]·sc[2k+1])` in lane k;
/// `acc = fma(dy·dx, lane, acc)`; then `hsum_float_8`. llama.cpp's tiled kernel (8 rows or more): the block's
/// integer total `I`, then `acc = fma(dx·I, dy, acc)`.
@inline(__always)
package func dotQ6_K(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, tiled: Bool) -> Float {
    var acc = SIMD8<Float>()
    var total: Float = 0
    for b in 0..<blocks {
        let x = row + b * 210
        let y = a + b * 292
        let lanes = q6KLanes(x, y)
        let dx = loadHalf(x, 208), dy = y.load(as: Float.self)
        if tiled {
            total = total.addingProduct(dx * Float(lanes.wrappedSum()), dy)
        } else {
            acc = acc.addingProduct(SIMD8<Float>(lanes), dy * dx)
        }
    }
    return tiled ? total : hsum8(acc)
}

/// The 8 Int32 lanes of `ggml_vec_dot_q6_K_q8_K` for one block (see ``dotQ6_K(_:_:blocks:tiled:)``).
@inline(__always)
private func q6KLanes(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> SIMD8<Int32> {
    var sumi = SIMD8<Int32>()
    for half in 0..<2 {
        let ql = x + 64 * half, qh = x + 128 + 32 * half
        let lowA = ql.loadUnaligned(as: SIMD16<UInt16>.self)
        let lowB = ql.loadUnaligned(fromByteOffset: 32, as: SIMD16<UInt16>.self)
        let high = qh.loadUnaligned(as: SIMD16<UInt16>.self)
        for g in 0..<4 {
            let source = g & 1 == 0 ? lowA : lowB
            let nib = (g < 2 ? source : source &>> 4) & 0x0F0F
            let bits = ((high &>> UInt16(2 * g)) & 0x0303) &<< 4
            let q = nib | bits
            let we = unsafeBitCast(q & 0x00FF, to: SIMD16<Int16>.self)
            let wo = unsafeBitCast(q &>> 8, to: SIMD16<Int16>.self)
            let (ye, yo) = int8Pairs(y + 4 + 128 * half + 32 * g)
            let s = 8 * half + 2 * g
            let scale = SIMD8<Int32>(
                lowHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 192 + s, as: Int8.self))),
                highHalf: SIMD4(repeating: Int32(x.load(fromByteOffset: 193 + s, as: Int8.self))))
            sumi &+= pairSum(we &* ye &+ wo &* yo) &* scale
        }
    }
    var correction = SIMD8<Int32>()
    for k in 0..<8 {
        let s0 = Int32(x.load(fromByteOffset: 192 + 2 * k, as: Int8.self))
        let s1 = Int32(x.load(fromByteOffset: 193 + 2 * k, as: Int8.self))
        let b0 = Int32(y.loadUnaligned(fromByteOffset: 260 + 4 * k, as: Int16.self))
        let b1 = Int32(y.loadUnaligned(fromByteOffset: 262 + 4 * k, as: Int16.self))
        correction[k] = (b0 * s0 + b1 * s1) &<< 5
    }
    return sumi &- correction
}

/// llama.cpp's repacked Q4_K (`q4_K_8x8`, used on AVX2 when the row count is a multiple of 8). Per 64-element
/// pair of sub-blocks, one integer `Σ sc·Σ q4·q8` and one `m_2j·bsum_2j + m_2j+1·bsum_2j+1`. Its GEMV
/// (`ggml_gemv_q4_K_8x8_q8_K`) adds a block's four pairs as integers before `acc = fma(I, dx·dy, acc)`; its GEMM
/// (`ggml_gemm_q4_K_8x8_q8_K`, `perPair`) does the fma for every pair. Mins likewise with `dminx·dy`; the result is
/// `acc − mins`.
@inline(__always)
package func dotQ4_KRepacked(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, perPair: Bool) -> Float {
    var acc: Float = 0, mins: Float = 0
    for b in 0..<blocks {
        let x = row + b * 144
        let y = a + b * 292
        let dy = y.load(as: Float.self)
        let (pairs, minPairs) = q4KPairSums(x, y)
        let d = loadHalf(x) * dy, dmin = loadHalf(x, 2) * dy
        if perPair {
            for c in 0..<4 {
                acc = acc.addingProduct(Float(pairs[c]), d)
                mins = mins.addingProduct(Float(minPairs[c]), dmin)
            }
        } else {
            acc = acc.addingProduct(Float(pairs.wrappedSum()), d)
            mins = mins.addingProduct(Float(minPairs.wrappedSum()), dmin)
        }
    }
    return acc - mins
}

/// Per 64-element pair of sub-blocks `c` of a Q4_K block against a Q8_K block: `sc_2c·Σ q4·q8 + sc_2c+1·Σ q4·q8`
/// and `m_2c·q8s_2c + m_2c+1·q8s_2c+1` (`q8s_j` = the Q8_K sum over sub-block j).
@inline(__always)
private func q4KPairSums(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> (SIMD4<Int32>, SIMD4<Int32>) {
    var pairs = SIMD4<Int32>(), minPairs = SIMD4<Int32>()
    for c in 0..<4 {
        let (s0, m0) = scaleMin(2 * c, x + 4)
        let (s1, m1) = scaleMin(2 * c + 1, x + 4)
        let v = x.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt16>.self)
        let low = v & 0x0F0F, high = (v &>> 4) & 0x0F0F
        let (y0e, y0o) = int8Pairs(y + 4 + 64 * c)
        let (y1e, y1o) = int8Pairs(y + 4 + 64 * c + 32)
        let l = pairSum(unsafeBitCast(low & 0x00FF, to: SIMD16<Int16>.self) &* y0e
            &+ unsafeBitCast(low &>> 8, to: SIMD16<Int16>.self) &* y0o)
        let h = pairSum(unsafeBitCast(high & 0x00FF, to: SIMD16<Int16>.self) &* y1e
            &+ unsafeBitCast(high &>> 8, to: SIMD16<Int16>.self) &* y1o)
        pairs[c] = (l &* s0 &+ h &* s1).wrappedSum()
        var q8s = SIMD4<Int32>()
        for t in 0..<4 { q8s[t] = Int32(y.loadUnaligned(fromByteOffset: 260 + 8 * c + 2 * t, as: Int16.self)) }
        minPairs[c] = m0 * (q8s[0] + q8s[1]) + m1 * (q8s[2] + q8s[3])
    }
    return (pairs, minPairs)
}

/// Q4_K against Q8_K when llama.cpp does not repack the matrix. `ggml_vec_dot_q4_K_q8_K` (AVX2; fewer than 8
/// activation rows): per block 8 Int32 lanes `fma(dy·dx, lane, acc)`, and four lanes of
/// `m[2i]·q8s[2i] + m[2i+1]·q8s[2i+1]` with `fma(−dy·dmin, ·, accm)`; the result is
/// `hsum_float_8(acc) + ((accm0 + accm2) + (accm1 + accm3))`. The tiled kernel (8 rows or more): per block
/// `r = fma(−dmin, M, dx·I)`, `acc = fma(r, dy, acc)`.
@inline(__always)
private func dotQ4_K(_ row: UnsafeRawPointer, _ a: UnsafeRawPointer, blocks: Int, tiled: Bool) -> Float {
    var acc = SIMD8<Float>(), accm = SIMD4<Float>()
    var total: Float = 0
    for b in 0..<blocks {
        let x = row + b * 144
        let y = a + b * 292
        let dy = y.load(as: Float.self)
        let (lanes, minLanes) = q4KBlockSums(x, y)
        if tiled {
            let r = (loadHalf(x) * Float(lanes.wrappedSum())).addingProduct(-loadHalf(x, 2), Float(minLanes.wrappedSum()))
            total = total.addingProduct(r, dy)
        } else {
            acc = acc.addingProduct(SIMD8<Float>(lanes), dy * loadHalf(x))
            accm = accm.addingProduct(SIMD4<Float>(minLanes), -dy * loadHalf(x, 2))
        }
    }
    return tiled ? total : hsum8(acc) + ((accm[0] + accm[2]) + (accm[1] + accm[3]))
}

/// The integer parts of a Q4_K block against a Q8_K block: 8 lanes of `Σ_j sc_j·Σ q4·q8` over 4-element groups,
/// and 4 lanes of `m[2i]·q8s[2i] + m[2i+1]·q8s[2i+1]` with `q8s[j] = bsum[2j] + bsum[2j+1]`.
@inline(__always)
private func q4KBlockSums(_ x: UnsafeRawPointer, _ y: UnsafeRawPointer) -> (SIMD8<Int32>, SIMD4<Int32>) {
    var lanes = SIMD8<Int32>()
    var scales = SIMD8<Int32>(), mins = SIMD8<Int32>()
    for j in 0..<8 {
        let (s, m) = scaleMin(j, x + 4)
        scales[j] = s
        mins[j] = m
    }
    for c in 0..<4 {
        let v = x.loadUnaligned(fromByteOffset: 16 + 32 * c, as: SIMD16<UInt16>.self)
        let low = v & 0x0F0F, high = (v &>> 4) & 0x0F0F
        let (y0e, y0o) = int8Pairs(y + 4 + 64 * c)
        let (y1e, y1o) = int8Pairs(y + 4 + 64 * c + 32)
        let l = pairSum(unsafeBitCast(low & 0x00FF, to: SIMD16<Int16>.self) &* y0e
            &+ unsafeBitCast(low &>> 8, to: SIMD16<Int16>.self) &* y0o)
        let h = pairSum(unsafeBitCast(high & 0x00FF, to: SIMD16<Int16>.self) &* y1e
            &+ unsafeBitCast(high &>> 8, to: SIMD16<Int16>.self) &* y1o)
        lanes &+= l &* scales[2 * c] &+ h &* scales[2 * c + 1]
    }
    var minLanes = SIMD4<Int32>()
    for i in 0..<4 {
        var q8s = SIMD2<Int32>()
        for t in 0..<2 {
            let j = 2 * i + t
            q8s[t] = Int32(y.loadUnaligned(fromByteOffset: 260 + 4 * j, as: Int16.self))
                + Int32(y.loadUnaligned(fromByteOffset: 262 + 4 * j, as: Int16.self))
        }
        minLanes[i] = mins[2 * i] * q8s[0] + mins[2 * i + 1] * q8s[1]
    }
    return (lanes, minLanes)
}

// MARK: - Helpers

/// The 6-bit scale and min of sub-block `j` from a K-quant's 12 packed bytes (ENGINE.md §2.2).
@inline(__always)
private func scaleMin(_ j: Int, _ q: UnsafeRawPointer) -> (Int32, Int32) {
    func b(_ i: Int) -> Int32 { Int32(q.load(fromByteOffset: i, as: UInt8.self)) }
    if j < 4 { return (b(j) & 63, b(j + 4) & 63) }
    return ((b(j + 4) & 0x0F) | ((b(j - 4) >> 6) << 4), (b(j + 4) >> 4) | ((b(j) >> 6) << 4))
}

/// An IEEE half at `p + offset` as f32.
@inline(__always)
private func loadHalf(_ p: UnsafeRawPointer, _ offset: Int = 0) -> Float {
    Float(Float16(bitPattern: p.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
}

/// 32 int8 at `p` as Int16 lanes: (elements 0, 2, 4, …, 30), (elements 1, 3, …, 31).
@inline(__always)
private func int8Pairs(_ p: UnsafeRawPointer) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let v = p.loadUnaligned(as: SIMD16<Int16>.self)
    return ((v &<< 8) &>> 8, v &>> 8)
}

/// 16 bytes of packed nibbles (byte i: element i low, element i + 16 high) as even and odd elements.
@inline(__always)
private func nibbles(_ p: UnsafeRawPointer) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let a = p.loadUnaligned(as: SIMD8<UInt16>.self)
    let v = SIMD16<UInt16>(lowHalf: a, highHalf: a &>> 4) & 0x0F0F
    return (unsafeBitCast(v & 0x00FF, to: SIMD16<Int16>.self), unsafeBitCast(v &>> 8, to: SIMD16<Int16>.self))
}

/// Q5_0's fifth bits (element i takes bit i of `qh`) as 0/16 in the even/odd element order of ``nibbles(_:)``.
///
/// Lane k of the even vector is element 2k, so as Int32 lanes, lane m holds elements 4m (low half) and 4m + 2
/// (high half): shift `qh` right by 4m per lane (one `vpsrlvd`), then move bit 0 to bit 4 and bit 2 to bit 20.
/// The odd vector is the same one bit further. Reference twin: ``fifthBitsReference(_:)``.
@inline(__always)
package func fifthBits(_ qh: UInt32) -> (SIMD16<Int16>, SIMD16<Int16>) {
    let h = SIMD8<UInt32>(repeating: qh)
    let even = h &>> SIMD8<UInt32>(0, 4, 8, 12, 16, 20, 24, 28)
    let odd = h &>> SIMD8<UInt32>(1, 5, 9, 13, 17, 21, 25, 29)
    @inline(__always) func place(_ x: SIMD8<UInt32>) -> SIMD16<Int16> {
        let b = x & 5
        return unsafeBitCast(((b &<< 4) | (b &<< 18)) & 0x0010_0010, to: SIMD16<Int16>.self)
    }
    return (place(even), place(odd))
}

/// Scalar twin of ``fifthBits(_:)``: lane k of the first vector is 16 when bit 2k of `qh` is set, of the second
/// when bit 2k + 1 is.
package func fifthBitsReference(_ qh: UInt32) -> (SIMD16<Int16>, SIMD16<Int16>) {
    var even = SIMD16<Int16>(), odd = SIMD16<Int16>()
    for k in 0..<16 {
        even[k] = (qh >> UInt32(2 * k)) & 1 == 1 ? 16 : 0
        odd[k] = (qh >> UInt32(2 * k + 1)) & 1 == 1 ? 16 : 0
    }
    return (even, odd)
}

/// Adjacent Int16 pairs summed into Int32 lanes (lane k = p[2k] + p[2k+1]).
@inline(__always)
private func pairSum(_ p: SIMD16<Int16>) -> SIMD8<Int32> {
    let w = unsafeBitCast(p, to: SIMD8<Int32>.self)
    return ((w &<< 16) &>> 16) &+ (w &>> 16)
}

/// ggml's `hsum_float_8`: `((l0 + l4) + (l2 + l6)) + ((l1 + l5) + (l3 + l7))`.
@inline(__always)
private func hsum8(_ v: SIMD8<Float>) -> Float {
    let s4 = v.lowHalf + v.highHalf
    return (s4[0] + s4[2]) + (s4[1] + s4[3])
}
