#if canImport(KernelsX86)
import KernelsX86
#endif

// Matmuls for the weight formats where llama.cpp's (b11434+) AVX2 kernels round differently from ``matmul``'s
// generic block kernels: Q5_0 (ggml keeps `q − 16` signed inside the integer dot; `BlockQ5_0` subtracts `16·Σy` in
// float afterwards), Q6_K (ggml subtracts `32·Σ sc·bsum` per lane in integers) and Q4_K (on AVX2 ggml repacks Q4_K
// matrices whose row count is a multiple of 8 into `q4_K_8x8` and sums each 256-block to one integer before scaling;
// otherwise it uses `ggml_vec_dot_q4_K_q8_K`); with 8 or more activation rows, non-repacked K-quants go through
// ggml's tiled kernel (ggml-cpu/tiled), which scales each block's integer total once. The products are the same
// numbers; only the f32 rounding differs, but with 8-bit activations that difference is amplified layer after layer
// (see Ops/Activations.swift), so Gemma 3 (Q5_0, Q4_K, Q6_K) needs these to reach llama.cpp's log-probabilities.
// The activations are quantized by ``quantizeActivations(_:count:format:into:)`` (bit-exact with ggml); the row dots
// are KernelsX86's, with Swift twins in GGMLExactDots.swift (which ``KernelVariant/portable`` runs instead).

/// Whether ``ggmlExactMatMul(_:input:inputStride:columns:output:outputStride:activations:pool:)`` handles `w`.
public func ggmlExactMatMulHandles(_ w: WeightMatrix) -> Bool {
    switch w.format {
    case .q5_0, .q4_K, .q6_K: true
    default: false
    }
}

/// Bytes of scratch one column of `length` elements needs: its quantized activations (the largest activation
/// format), the Q8_0 block scales widened to f32, its half of a Q8_0 column pair (`swl_q8_0_pairs`: 64 bytes of
/// quants, 16 scales and 16 corrections per block and pair), and alignment slack.
public func ggmlExactActivationBytes(length: Int) -> Int {
    (length + 255) / 256 * 292 + (length + 31) / 32 * (34 + 4 + 32 + 32 + 32) + 64
}

/// `output[c][r] = W[r] · input[c]` for `columns` columns with ggml's AVX2 arithmetic for `w.format` (one of
/// ``ggmlExactMatMulHandles(_:)``).
///
/// - Parameters:
///   - input: `[columns][inputStride]` floats (the first `w.columns` of each are used).
///   - output: `[columns][outputStride]` floats.
///   - activations: scratch of `columns × ggmlExactActivationBytes(length: w.columns)` bytes.
public func ggmlExactMatMul(
    _ w: WeightMatrix, input: UnsafePointer<Float>, inputStride: Int, columns: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int, activations: UnsafeMutableRawPointer, pool: WorkerPool?
) {
    ggmlExactMatMulGroup(
        MatMulTarget(w, output: output, stride: outputStride), nil, nil, input: input, inputStride: inputStride,
        columns: columns, activations: activations, pool: pool)
}

/// One to three ``ggmlExactMatMul(_:input:inputStride:columns:output:outputStride:activations:pool:)``s of the same
/// input in one pass over the pool: the activations are quantized once and all row chunks are claimed from one
/// counter. Every matrix must be handled here (``ggmlExactMatMulHandles(_:)``) and share the row length and activation format of `first`.
public func ggmlExactMatMulGroup(
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
        if columns >= 2 && KernelVariant.avx512Active {
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
        #if canImport(KernelsX86)
        defer {
            if let pairs, let widenedScales {
                swl_q8_0_pairs(
                    activations + first * columnBytes, columnBytes, widenedScales + first * blocks, Int32(end - first),
                    Int32(blocks), pairs.quants + first / 2 * blocks * 64, pairs.scales + first / 2 * blocks * 16,
                    pairs.corrections + first / 2 * blocks * 16)
            }
        }
        #endif
        for c in first..<end {
            let column = activations + c * columnBytes
            quantizeActivations(input + c * inputStride, count: length, format: format, into: column)
            guard let scales = widenedScales else { continue }
            for b in 0..<blocks {
                scales[c * blocks + b] = halfToFloat(UnsafeRawPointer(column).loadUnaligned(
                    fromByteOffset: b * 34, as: UInt16.self))
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
/// the kernel llama.cpp picks for this matrix and column count: KernelsX86's, or with ``KernelVariant/portable``
/// their Swift twins (the same bits).
private func exactRows(
    _ w: WeightMatrix, _ rows: Range<Int>, columns: Int, activations: UnsafeRawPointer, columnBytes: Int,
    widenedScales: UnsafeMutablePointer<Float>?, pairs: Q8_0Pairs?, output: UnsafeMutablePointer<Float>,
    outputStride: Int
) {
    #if canImport(KernelsX86)
    if !KernelVariant.portableActive {
        exactRowsX86(
            w, rows, columns: columns, activations: activations, columnBytes: columnBytes,
            widenedScales: widenedScales, pairs: pairs, output: output, outputStride: outputStride)
        return
    }
    #endif
    exactRowsPortable(
        w, rows, columns: columns, activations: activations, columnBytes: columnBytes, output: output,
        outputStride: outputStride)
}

#if canImport(KernelsX86)
/// ``exactRows(_:_:columns:activations:columnBytes:widenedScales:pairs:output:outputStride:)`` with KernelsX86's
/// kernels for the active instruction set.
private func exactRowsX86(
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
    if repacked && columns >= 8 && blocks <= SWL_Q4_K_PAIR_MAX_BLOCKS && KernelVariant.avx512Active {
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
            // The C kernels (KernelsX86) compute exactly what their Swift twins (GGMLExactDots.swift) compute.
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
#endif
