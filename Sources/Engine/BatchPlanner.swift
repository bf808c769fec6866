/// Decides what goes into the next forward batch. Pure: sequence phases in, entries out.
///
/// Every decoding sequence contributes its one pending token (decode latency first); the remaining token budget goes
/// to prompts still being prefilled, oldest first, in chunks — so a long prompt never stalls running streams for
/// more than one chunk.
///
/// One prompt finishes per step, unless another is short. A step's time is about a fixed part (streaming the weights,
/// the decode rows with their output head) plus a part per row, and a prompt's first token comes at the end of the
/// step that feeds its last row. Prompts that finish in the same step all wait for the whole step; a second prompt
/// that waits for the next step instead lets the first stream sooner, and costs the second only that next step's
/// fixed part. So a further prompt joins a step only if its remaining rows are at most that fixed part
/// (``joinRows(decodeRows:)``) and fit in the rows the step has left; else it waits, first in line for the next step. This also keeps requests that arrive
/// together from finishing together step after step, since their first tokens come one step apart.
struct BatchPlanner {
    /// Most token rows per forward call.
    let maxBatchTokens: Int

    /// Where a sequence stands.
    enum Phase: Equatable {
        /// `done` of the prompt's `total` tokens are in the cache.
        case prefill(done: Int, total: Int)
        /// One sampled token waits to be fed at `position`.
        case decode(position: Int)
    }

    /// One planned entry: sequence `index` feeds `count` tokens starting at prompt offset `from` (prefill) or its
    /// pending token (decode, `count == 1`).
    struct Planned: Equatable {
        var index: Int
        var from: Int
        var count: Int
        var position: Int
        var wantsLogits: Bool
        var isPrefill: Bool
    }

    /// Plans one batch over sequences given in admission order, into `out` (emptied first; its capacity is kept, so
    /// planning allocates nothing once `out` has held as many entries as there are sequences).
    func plan(_ phases: some Collection<Phase>, into out: inout [Planned]) {
        out.removeAll(keepingCapacity: true)
        var budget = maxBatchTokens
        for (i, p) in phases.enumerated() {
            guard case .decode(let position) = p, budget > 0 else { continue }
            out.append(Planned(index: i, from: 0, count: 1, position: position, wantsLogits: true, isPrefill: false))
            budget -= 1
        }
        let decodeRows = out.count
        var prompts = 0
        for (i, p) in phases.enumerated() {
            guard case .prefill(let done, let total) = p, budget > 0, done < total else { continue }
            // A chunk that does not finish its prompt takes all the budget that is left, so a prompt after the first
            // here joins only to finish: short, and within the budget still left.
            if prompts > 0 && total - done > min(budget, Self.joinRows(decodeRows: decodeRows)) { continue }
            let n = min(budget, total - done)
            out.append(Planned(index: i, from: done, count: n, position: done, wantsLogits: done + n == total,
                isPrefill: true))
            budget -= n
            prompts += 1
        }
    }

    /// Most remaining rows with which a prompt joins a step that already finishes another: the step's fixed part in
    /// prompt rows, for a step that carries `decodeRows` decode rows. Measured on SmolLM2 (AVX2 kernels, 2 threads):
    /// one decode row alone takes as long as about 4 rows of a long prefill (5.7 ms against 1.4 ms), since it streams
    /// every weight for one column, and a decode row in a batch costs about 1.25 prompt rows, since it also computes
    /// the output head.
    static func joinRows(decodeRows: Int) -> Int {
        3 + decodeRows + (decodeRows + 3) / 4
    }

    /// Plans one batch over sequences given in admission order (allocates the result; for tests).
    func plan(_ phases: [Phase]) -> [Planned] {
        var out: [Planned] = []
        plan(phases, into: &out)
        return out
    }
}
