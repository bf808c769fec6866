import Kernels

/// The gate activation of a gated feed-forward block.
enum FeedForwardActivation {
    /// SwiGLU: `silu(gate) ⊙ up`.
    case silu
    /// GeGLU with the tanh GELU: `gelu(gate) ⊙ up`.
    case gelu
}

/// Row chunks of a feed-forward block over many rows: at most ``RunState/feedForwardRows`` (default 128) each, so the `[rows, n_ff]` gate and
/// up buffers stay small for a 512-token prefill (Gemma 3 270m: 2 × 4 MiB → 2 × 1 MiB).
///
/// Every chunk but the last has a multiple of 4 rows, and the last has 8 or more whenever the whole has: the kernels
/// pick their arithmetic by row count (ggml's tiled K-quant path from 8 rows, the repacked Q4_K GEMM over groups of 4
/// rows with the leftover rows of the pass through the GEMV), so every row of a chunk is computed exactly as in one
/// pass over all rows. Each row's feed-forward output depends on that row alone.
struct FeedForwardChunks: Sequence, IteratorProtocol {
    private let rows: Int
    private let maxRows: Int
    private var start = 0

    /// Chunks of `rows` rows of at most `maxRows` (a value from ``height(_:)``).
    init(rows: Int, maxRows: Int) {
        self.rows = rows
        self.maxRows = maxRows
    }

    /// The chunk height for a requested one: a multiple of 4, at least 16.
    static func height(_ requested: Int) -> Int { Swift.max(16, (Swift.min(requested, 1 << 30) + 3) / 4 * 4) }

    /// The next chunk as `(first row, row count)`.
    mutating func next() -> (start: Int, count: Int)? {
        let left = rows - start
        guard left > 0 else { return nil }
        var count = Swift.min(maxRows, left)
        // A full chunk followed by fewer than 8 rows: stop 8 rows short so the last chunk keeps 8 to 15 rows.
        if left > maxRows, left - maxRows < 8 { count = maxRows - 8 }
        defer { start += count }
        return (start, count)
    }
}

extension ForwardPass {
    /// The gated feed-forward block of `layer`: `down(act(gate·x) ⊙ (up·x))`. Reads ``RunState/normed``, writes
    /// ``RunState/projected``; runs over ``FeedForwardChunks`` of the rows, each matmul taking a whole chunk at once.
    func feedForward(layer: Int, _ w: LayerWeights, activation: FeedForwardActivation) {
        let s = state
        let n = hp.embeddingLength
        let ff = hp.layers[layer].feedForwardLength
        for (start, count) in FeedForwardChunks(rows: rows, maxRows: s.feedForwardRows) {
            // [count, n] rows of the block's input and output; [count, ff] gate and up.
            let input = s.normed + start * n, output = s.projected + start * n
            state.matmulGroup(
                (MatMulTarget(w.gate, output: s.gate, stride: ff), MatMulTarget(w.up, output: s.up, stride: ff), nil),
                input, stride: n, columns: count, pool: pool)
            forEachRowRange(
                count: count, GatedActivationRows(gate: s.gate, up: s.up, width: ff, activation: activation, gelu: gelu))
            state.matmul(w.down, s.gate, stride: ff, columns: count, into: output, stride: n, pool: pool)
        }
    }
}

/// `gate = act(gate) ⊙ up` for a range of the chunk's rows (`[rows, width]` each).
private struct GatedActivationRows: RowRangeOp {
    let gate: UnsafeMutablePointer<Float>
    let up: UnsafeMutablePointer<Float>
    let width: Int
    let activation: FeedForwardActivation
    let gelu: GELUEvaluation

    func run(rows: Range<Int>) {
        for r in rows {
            let g = gate + r * width, u = up + r * width
            switch activation {
            case .silu: ggmlSiLUMultiply(gate: g, up: u, count: width, into: g)
            case .gelu where gelu == .exact: geluMultiply(gate: g, up: u, count: width, into: g)
            case .gelu: ggmlGELUMultiply(gate: g, up: u, count: width, into: g)
            }
        }
    }
}
