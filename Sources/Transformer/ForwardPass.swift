import Kernels

/// The shared pieces an architecture's block is built from, bound to one forward pass: the run buffers, the KV
/// cache, the worker pool and the number of token rows. Architectures call these in their own order.
///
/// Buffers are `[rows, width]` row-major (see ``RunState``); row `r` is the batch's `r`-th token, at slot
/// `state.rowSlot[r]` and position `state.rowPosition[r]`.
struct ForwardPass {
    /// The model's hyperparameters.
    let hp: HyperParameters
    /// Run buffers.
    let state: RunState
    /// Key/value cache.
    let cache: KVCache
    /// Threads for matmuls and attention (`nil`: the calling thread only).
    let pool: WorkerPool?
    /// Token rows in this pass; after the last layer's attention, only the rows whose logits are wanted.
    var rows: Int
    /// `[outputCount]` indices of the rows whose logits are wanted, increasing.
    let outputRows: UnsafePointer<Int>
    /// Rows whose logits are wanted.
    let outputCount: Int
    /// Index of the last layer.
    let lastLayer: Int
    /// Per layer, the index of its RoPE angle table in ``RunState/ropeCos`` / ``RunState/ropeSin``.
    let ropeTable: [Int]
    /// How GeGLU blocks evaluate GELU.
    let gelu: GELUEvaluation
    /// Whether attention runs one head per item with libm `expf` per key (``TransformerOptions/referenceAttention``).
    let referenceAttention: Bool

    /// After the last layer's attention, keeps only the rows whose logits are wanted (llama.cpp's `inp_out_ids`):
    /// the rest of that layer and the head run on those rows alone, moved to the front of ``RunState/residual`` and
    /// ``RunState/projected``. Besides saving work, this keeps the row count of the last feed-forward matmuls the
    /// same as llama.cpp's, which picks its kernel (and so its rounding) by row count.
    mutating func keepOutputRows(after layer: Int) {
        guard layer == lastLayer else { return }
        let n = hp.embeddingLength
        for o in 0..<outputCount where outputRows[o] != o {
            let source = outputRows[o]
            (state.residual + o * n).update(from: state.residual + source * n, count: n)
            (state.projected + o * n).update(from: state.projected + source * n, count: n)
        }
        rows = outputCount
    }

    /// RMSNorm of every row: `y[r] = rmsnorm(x[r]) ⊙ w` (`[rows, n_embd]`; `y` may be `x`).
    func norm(_ x: UnsafeMutablePointer<Float>, _ w: FloatVector, into y: UnsafeMutablePointer<Float>) {
        forEachRowRange(count: rows, NormRows(x: x, weight: w, epsilon: hp.rmsEpsilon, y: y))
    }

    /// `residual += x` over `[rows, n_embd]`.
    func addToResidual(_ x: UnsafePointer<Float>) {
        let residual = state.residual
        for i in 0..<(rows * hp.embeddingLength) {
            residual[i] += x[i]
        }
    }

    /// `output[r] = W · input[r]` for every row: `input` is `[rows, inputStride]` (the first `w.columns` used),
    /// `output` `[rows, outputStride]` (the first `w.rows` written). One call: every weight block is read once
    /// for all rows.
    func matmul(
        _ w: WeightMatrix, _ input: UnsafePointer<Float>, stride inputStride: Int,
        into output: UnsafeMutablePointer<Float>, stride outputStride: Int
    ) {
        state.matmul(w, input, stride: inputStride, columns: rows, into: output, stride: outputStride, pool: pool)
    }

    /// ``matmul(_:_:stride:into:stride:)`` for two or three matrices reading the same `[rows, inputStride]` input,
    /// grouped so that they share one activation quantization and one pass over the pool where their formats allow.
    func matmuls(
        _ a: MatMulTarget, _ b: MatMulTarget, _ c: MatMulTarget? = nil, input: UnsafePointer<Float>,
        stride inputStride: Int
    ) {
        state.matmulGroup((a, b, c), input, stride: inputStride, columns: rows, pool: pool)
    }

    /// Runs `job.run(i)` for `i in 0..<count` on the pool when there is more than one item.
    func parallel<Job: ParallelJob>(_ count: Int, _ job: Job) {
        if let pool, count > 1 {
            pool.parallelFor(count, job)
        } else {
            for i in 0..<count { job.run(i) }
        }
    }
}

/// ``ForwardPass/norm(_:_:into:)`` of a range of rows.
private struct NormRows: RowRangeOp {
    let x: UnsafeMutablePointer<Float>
    let weight: FloatVector
    let epsilon: Float
    let y: UnsafeMutablePointer<Float>

    func run(rows: Range<Int>) {
        let n = weight.count
        for r in rows {
            ggmlRMSNorm(x + r * n, weight: weight.base, count: n, epsilon: epsilon, into: y + r * n)
        }
    }
}
