import Kernels

/// Row-wise work whose rows do not depend on each other (norms, activations, RoPE): any split of the rows gives the
/// same values.
protocol RowRangeOp {
    /// Runs rows `rows`, writing only those rows' outputs.
    func run(rows: Range<Int>)
}

/// Item `i` runs rows `i·chunk ..< min(rows, (i + 1)·chunk)` of `op`. A stack value: handing it to the pool
/// allocates nothing.
private struct RowRangeJob<Op: RowRangeOp>: ParallelJob {
    let op: Op
    let rows: Int
    let chunk: Int

    func run(_ item: Int) {
        let start = item * chunk
        op.run(rows: start..<Swift.min(rows, start + chunk))
    }
}

/// Fewest rows worth handing to the pool: a decode step's few rows run inline (waking the workers costs more than
/// the work).
private let minimumParallelRows = 16

extension ForwardPass {
    /// Runs `op` over rows `0..<count`: inline for a few rows, else in chunks on the pool (4 per thread, claimed
    /// dynamically). Between the matmuls of a prefill batch these row-wise steps would otherwise leave every thread
    /// but one waiting.
    func forEachRowRange<Op: RowRangeOp>(count: Int, _ op: Op) {
        let threads = pool?.threadCount ?? 1
        guard threads > 1, count >= minimumParallelRows else {
            op.run(rows: 0..<count)
            return
        }
        let chunk = (count + 4 * threads - 1) / (4 * threads)
        parallel((count + chunk - 1) / chunk, RowRangeJob(op: op, rows: count, chunk: chunk))
    }
}
