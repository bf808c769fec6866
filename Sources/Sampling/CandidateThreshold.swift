import InferenceTypes

// Top-p for a large candidate list in id order, by bisection on the logit threshold instead of partitioning: every
// step is one vectorised pass, so the cost stays linear with a small constant even when most of the vocabulary is
// kept (a flat distribution), where branchy partitioning of three parallel arrays is slow.
extension CandidateList {
    /// A `UInt32` whose unsigned order is the order of the (non-NaN) floats.
    @inline(__always)
    static func orderedKey(_ x: Float) -> UInt32 {
        let b = x.bitPattern
        return b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000
    }

    /// The float of an `orderedKey`.
    @inline(__always)
    static func value(ofKey k: UInt32) -> Float {
        Float(bitPattern: k & 0x8000_0000 != 0 ? k & 0x7FFF_FFFF : ~k)
    }

    /// The weight and the number of the candidates whose logit is ≥ `t`, the weight summed in `Float` lanes and
    /// blocks of 256 in `Double`. Monotone in `t`: a higher threshold never gives more.
    func mass(atLeast t: Float) -> (weight: Double, count: Int) {
        let w = LogitMath.width
        let tv = LogitMath.Vector(repeating: t)
        var total: Double = 0
        var acc = LogitMath.Vector()
        var counted = LogitMath.IntVector()
        var inBlock = 0
        var i = 0
        while i < count {
            let lanes = Swift.min(w, count - i)
            let x = lanes == w ? LogitMath.load(logits, i) : LogitMath.loadTail(logits, i, lanes, fill: -.infinity)
            let wt = lanes == w ? LogitMath.load(weights, i) : LogitMath.loadTail(weights, i, lanes, fill: 0)
            let below = x .< tv
            acc += wt.replacing(with: 0, where: below)
            counted &-= unsafeBitCast(.!below, to: LogitMath.IntVector.self)
            i += lanes
            inBlock += 1
            if inBlock == 32 {
                LogitMath.addLanes(acc, to: &total)
                acc = LogitMath.Vector()
                inBlock = 0
            }
        }
        LogitMath.addLanes(acc, to: &total)
        // Tail lanes were padded with −∞, which is below any finite t.
        return (total, Int(counted.wrappedSum()))
    }

    /// Top-p for candidates in slot order = id order (as `collect` leaves them), with weights computed: keeps the
    /// smallest prefix of the key order (logit descending, id ascending) whose weight reaches `target`, preserving
    /// slot order. Same set as `keepBest(mass:)` up to rounding of the sums.
    ///
    /// Bisection over the ordered bit patterns of the logits narrows the logit of the last kept token to an
    /// interval holding at most 64 candidates (or a single value), one vectorised pass per step; those few are
    /// ordered exactly to find the last kept token `(v, id)`, and one pass keeps everything before it.
    mutating func keepBestInIDOrder(mass target: Double) {
        guard count > 1 else { return }
        let slots = UnsafeBufferPointer(start: logits, count: count)
        let highest = LogitMath.maximum(slots)
        let lowest = LogitMath.minimum(slots)
        let best = LogitMath.firstIndex(of: highest, in: slots) ?? 0
        // The last kept token, as (logit, id): everything strictly before it in key order is kept too.
        var lastLogit = highest
        var lastID = ids[best]
        if target > 0 && mass(atLeast: lowest).weight < target {
            return  // the target is never reached (rounding): keep everything
        }
        if target > 0 {
            var lo = Self.orderedKey(lowest)
            var hi = Self.orderedKey(highest)
            var atHi = mass(atLeast: highest)
            if atHi.weight >= target {  // the best logit's tokens suffice: the lowest ids among them
                (lastLogit, lastID) = lastKept(from: highest, below: .infinity, massAbove: 0, target: target)
            } else {
                // Invariant: mass(≥ value(lo)) ≥ target > mass(≥ value(hi)).
                var atLo = mass(atLeast: lowest)
                while hi - lo > 1 && atLo.count - atHi.count > 64 {
                    let mid = lo + (hi - lo) / 2
                    let atMid = mass(atLeast: Self.value(ofKey: mid))
                    if atMid.weight >= target { (lo, atLo) = (mid, atMid) } else { (hi, atHi) = (mid, atMid) }
                }
                (lastLogit, lastID) = lastKept(
                    from: Self.value(ofKey: lo), below: Self.value(ofKey: hi), massAbove: atHi.weight, target: target)
            }
        }
        // Branch-free compaction: always write, advance only for kept slots (kept ≤ i).
        var kept = 0
        for i in 0..<count {
            let x = logits[i]
            let id = ids[i]
            let w = weights[i]
            ids[kept] = id
            logits[kept] = x
            weights[kept] = w
            kept &+= (x > lastLogit ? 1 : 0) | ((x == lastLogit ? 1 : 0) & (id <= lastID ? 1 : 0))
        }
        count = kept
    }

    /// The last kept token among the candidates with `from ≤ logit < below`, walking them best first from
    /// `massAbove` (the weight of everything ≥ `below`) until the running weight reaches `target`.
    private func lastKept(from low: Float, below high: Float, massAbove: Double, target: Double) -> (Float, TokenID) {
        var running = massAbove
        var last: (Float, TokenID) = (low, 0)
        // At most 64 slots, unless they all share one logit; then slot order is id order already.
        let inRange = mass(atLeast: low).count - mass(atLeast: high).count
        if inRange <= 64 {
            return withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { slots in
                var n = 0
                forEachSlot(from: low, below: high) { i in
                    slots[n] = i
                    n += 1
                    return true
                }
                // Insertion sort, best first.
                for a in 1..<Swift.max(n, 1) {
                    var b = a
                    while b > 0 && isBetter(slots[b], than: slots[b - 1]) {
                        slots.swapAt(b, b - 1)
                        b -= 1
                    }
                }
                for k in 0..<n {
                    let i = slots[k]
                    running += Double(weights[i])
                    last = (logits[i], ids[i])
                    if running >= target { break }
                }
                return last
            }
        }
        forEachSlot(from: low, below: high) { i in
            running += Double(weights[i])
            last = (logits[i], ids[i])
            return running < target
        }
        return last
    }

    /// Calls `body` with each slot whose logit is in `low..<high`, in slot order, until it returns false; a vector
    /// compare skips blocks with none.
    private func forEachSlot(from low: Float, below high: Float, _ body: (Int) -> Bool) {
        let w = LogitMath.width
        let lo = LogitMath.Vector(repeating: low)
        let hi = LogitMath.Vector(repeating: high)
        var i = 0
        while i + w <= count {
            let x = LogitMath.load(logits, i)
            if LogitMath.anyLane((x .>= lo) .& (x .< hi)) {
                for j in i..<(i + w) where logits[j] >= low && logits[j] < high {
                    if !body(j) { return }
                }
            }
            i += w
        }
        while i < count {
            if logits[i] >= low && logits[i] < high && !body(i) { return }
            i += 1
        }
    }
}
