// The filters of the chain (top-k, top-p, min-p) over a `CandidateList`, by partial selection: nothing here sorts
// the whole vocabulary.
extension CandidateList {
    /// Whether slot `i` comes before slot `j`: higher logit first, lower token id on equal logits.
    @inline(__always)
    func isBetter(_ i: Int, than j: Int) -> Bool {
        let a = logits[i]
        let b = logits[j]
        return a > b || (a == b && ids[i] < ids[j])
    }

    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        (ids[i], ids[j]) = (ids[j], ids[i])
        (logits[i], logits[j]) = (logits[j], logits[i])
        (weights[i], weights[j]) = (weights[j], weights[i])
    }

    /// Sorts slots `lo..<hi` best first (insertion sort, for short ranges).
    func sortRange(_ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        for i in (lo + 1)..<hi {
            var j = i
            while j > lo && isBetter(j, than: j - 1) {
                swapAt(j, j - 1)
                j -= 1
            }
        }
    }

    /// Partitions slots `lo..<hi` (at least 2) around a pivot: returns its final slot `p`, with every slot in
    /// `lo..<p` better than it and every slot in `p+1..<hi` worse. The pivot is the median of three slots picked by
    /// a deterministic generator, so results never depend on anything but the input.
    func partition(_ lo: Int, _ hi: Int, _ state: inout UInt64) -> Int {
        func pick() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return lo + Int((state >> 33) % UInt64(hi - lo))
        }
        var a = pick()
        var b = pick()
        var c = pick()
        if isBetter(b, than: a) { swap(&a, &b) }
        if isBetter(c, than: b) { swap(&b, &c) }
        if isBetter(b, than: a) { swap(&a, &b) }
        let last = hi - 1
        swapAt(b, last)  // median to the end
        var store = lo
        for i in lo..<last where isBetter(i, than: last) {
            swapAt(i, store)
            store += 1
        }
        swapAt(store, last)
        return store
    }

    /// Top-k: keeps the `k` best candidates (by logit, then lower id), in slots `0..<k` in no particular order.
    /// Keeps everything when there are `k` or fewer.
    mutating func keepBest(_ k: Int) {
        guard k > 0, count > k else { return }
        var lo = 0
        var hi = count
        var state: UInt64 = 0x853C_49E6_748F_EA9B
        // Invariant: every slot below lo beats every slot from lo on; every slot from hi on loses to every slot
        // below hi. Done when the boundary k is pinned (lo == k or hi == k).
        while lo < k && k < hi {
            if hi - lo <= 16 {
                sortRange(lo, hi)
                break
            }
            let p = partition(lo, hi, &state)
            if p < k { lo = p + 1 } else { hi = p }
        }
        count = k
    }

    /// Top-p: keeps the smallest set of best candidates whose weights sum to at least `target` (ties broken by
    /// lower id, so the set is exactly a prefix of the key order). Always keeps at least the best candidate.
    /// Weights must be computed. The kept slots are `0..<count` in no particular order.
    mutating func keepBest(mass target: Double) {
        guard count > 1 else { return }
        var lo = 0
        var hi = count
        if !(target > 0) {
            var best = 0
            for i in 1..<count where isBetter(i, than: best) { best = i }
            swapAt(0, best)
            count = 1
            return
        }
        var before: Double = 0  // weight of slots 0..<lo, always < target
        var state: UInt64 = 0xDA3E_39CB_94B9_5BDB
        // Invariant: slots below lo are kept and beat the rest; slots from hi on are dropped; the answer (the
        // number of slots kept) is in lo+1 ... hi.
        while true {
            if hi - lo <= 16 {
                sortRange(lo, hi)
                for j in lo..<hi {
                    before += Double(weights[j])
                    if before >= target {
                        count = j + 1
                        return
                    }
                }
                count = hi  // the target was never reached (rounding): keep the whole range
                return
            }
            let p = partition(lo, hi, &state)
            var upper: Double = 0
            for i in lo..<p { upper += Double(weights[i]) }
            if before + upper >= target {
                hi = p
            } else if before + upper + Double(weights[p]) >= target {
                count = p + 1
                return
            } else {
                before += upper + Double(weights[p])
                lo = p + 1
            }
        }
    }

    /// Min-p: keeps the candidates whose weight is at least `minWeight` (weights are relative to the best token's,
    /// which is 1), preserving slot order.
    mutating func keepWeights(atLeast minWeight: Float) {
        var kept = 0
        for i in 0..<count where weights[i] >= minWeight {
            if kept != i {
                ids[kept] = ids[i]
                logits[kept] = logits[i]
                weights[kept] = weights[i]
            }
            kept += 1
        }
        count = kept
    }
}
