/// Decides what goes into the next forward batch. Pure: sequence phases in, entries out.
///
/// Every decoding sequence contributes its one pending token (decode latency first); the remaining token budget goes
/// to prompts still being prefilled, oldest first, in chunks — so a long prompt never stalls running streams for
/// more than one chunk, and several short prompts can be prefilled in one pass.
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
        for (i, p) in phases.enumerated() {
            guard case .prefill(let done, let total) = p, budget > 0, done < total else { continue }
            let n = min(budget, total - done)
            out.append(Planned(index: i, from: done, count: n, position: done, wantsLogits: done + n == total,
                isPrefill: true))
            budget -= n
        }
    }

    /// Plans one batch over sequences given in admission order (allocates the result; for tests).
    func plan(_ phases: [Phase]) -> [Planned] {
        var out: [Planned] = []
        plan(phases, into: &out)
        return out
    }
}
