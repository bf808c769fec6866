import InferenceTypes

/// A view of the workspace's candidate slots: the tokens still in play, as three parallel arrays.
///
/// The filters (`CandidateFilters.swift`) order candidates by the key (logit descending, token id ascending): a
/// strict total order, so every filter keeps a well-defined set and equal logits are broken by the lower id.
struct CandidateList {
    /// Token ids. `[capacity]`, the first `count` valid.
    let ids: UnsafeMutablePointer<Int32>
    /// Logits after bias, penalties and mask, before temperature. `[capacity]`
    let logits: UnsafeMutablePointer<Float>
    /// `exp((logit − max) / T)`: 1 for the best token. `[capacity]`, valid once computed.
    let weights: UnsafeMutablePointer<Float>
    /// Slots available (the vocabulary size).
    let capacity: Int
    /// Slots in use.
    var count = 0

    init(ids: UnsafeMutablePointer<Int32>, logits: UnsafeMutablePointer<Float>, weights: UnsafeMutablePointer<Float>,
         capacity: Int) {
        self.ids = ids
        self.logits = logits
        self.weights = weights
        self.capacity = capacity
    }

    @inline(__always)
    private mutating func append(id: Int, logit: Float) {
        ids[count] = Int32(truncatingIfNeeded: id)
        logits[count] = logit
        count += 1
    }

    /// Replaces the candidates by every token whose logit is ≥ `threshold` and > −∞ (weights not computed).
    /// - Parameter source: `[vocabularySize]` logits, no NaN; `vocabularySize ≤ capacity`.
    mutating func collect(from source: UnsafeBufferPointer<Float>, atLeast threshold: Float) {
        count = 0
        guard let p = source.baseAddress else { return }
        let n = source.count
        let w = LogitMath.width
        let t = LogitMath.Vector(repeating: threshold)
        let negInf = LogitMath.Vector(repeating: -.infinity)
        var i = 0
        while i + w <= n {
            let v = LogitMath.load(p, i)
            let keep = (v .>= t) .& (v .> negInf)
            if LogitMath.anyLane(keep) {
                // Branch-free: always write, advance only for kept lanes (count ≤ i + j < capacity).
                let flags = unsafeBitCast(keep, to: LogitMath.IntVector.self)
                for j in 0..<w {
                    ids[count] = Int32(truncatingIfNeeded: i + j)
                    logits[count] = v[j]
                    count &-= Int(flags[j])
                }
            }
            i += w
        }
        while i < n {
            let x = p[i]
            if x >= threshold && x > -.infinity { append(id: i, logit: x) }
            i += 1
        }
    }

    /// Replaces the candidates by the `k` best tokens (by logit, then lower id), found in one pass without a copy
    /// of the vocabulary; for small `k` (each insertion moves up to `k` entries).
    /// - Parameter source: `[vocabularySize]` logits, no NaN; `k ≤ capacity`.
    mutating func collectBest(_ k: Int, from source: UnsafeBufferPointer<Float>) {
        count = TopTokenSelection.select(source, n: k, ids: ids, values: logits)
        while count > 0 && logits[count - 1] == -.infinity { count -= 1 }  // only finite logits are candidates
    }

    /// Computes `weights[i] = exp((logits[i] − max) · invTemperature)` for the candidates; returns their sum.
    func computeWeights(max: Float, invTemperature: Float) -> Double {
        let w = LogitMath.width
        let off = LogitMath.Vector(repeating: max)
        let sc = LogitMath.Vector(repeating: invTemperature)
        var total: Double = 0
        var i = 0
        while i < count {
            let lanes = Swift.min(w, count - i)
            let v = lanes == w
                ? LogitMath.load(logits, i) : LogitMath.loadTail(logits, i, lanes, fill: -.infinity)
            let e = LogitMath.expInline((v - off) * sc)
            if lanes == w {
                LogitMath.store(e, weights, i)
            } else {
                for j in 0..<lanes { weights[i + j] = e[j] }
            }
            LogitMath.addLanes(e, to: &total)
            i += lanes
        }
        return total
    }

    /// The sum of the candidates' weights: per vector in `Float`, vectors in `Double`.
    func totalWeight() -> Double {
        var total: Double = 0
        var i = 0
        while i + LogitMath.width <= count {
            total += Double(LogitMath.load(weights, i).sum())
            i += LogitMath.width
        }
        while i < count {
            total += Double(weights[i])
            i += 1
        }
        return total
    }

    /// Draws one candidate with probability proportional to its weight: the first slot whose running weight sum
    /// exceeds `unit × totalWeight()`, scanning in slot order (per vector, then per lane in the crossing vector,
    /// with the same sums as `totalWeight`). `unit` is uniform in [0, 1).
    func draw(unit: Double) -> Int32 {
        let target = unit * totalWeight()
        let w = LogitMath.width
        var running: Double = 0
        var lastPositive = 0  // a slot with positive weight (or 0)
        var i = 0
        while i + w <= count {
            let s = Double(LogitMath.load(weights, i).sum())
            if running + s > target {  // s > 0 here, since running ≤ target
                for j in i..<(i + w) where weights[j] > 0 {
                    running += Double(weights[j])
                    lastPositive = j
                    if running > target { return ids[j] }
                }
                return ids[lastPositive]  // the lane sums rounded differently: stay in this vector
            }
            running += s
            if s > 0 {
                for j in stride(from: i + w - 1, through: i, by: -1) where weights[j] > 0 {
                    lastPositive = j
                    break
                }
            }
            i += w
        }
        while i < count {
            let wi = Double(weights[i])
            running += wi
            if wi > 0 {
                lastPositive = i
                if running > target { return ids[i] }
            }
            i += 1
        }
        return ids[lastPositive]  // only reached through rounding at the very top of the range
    }

    /// The candidates with probabilities (weights normalised), most likely first, ties by lower id. Allocates.
    func distribution() -> [(id: TokenID, probability: Double)] {
        let total = totalWeight()
        var out: [(id: TokenID, probability: Double)] = []
        out.reserveCapacity(count)
        for i in 0..<count { out.append((ids[i], total > 0 ? Double(weights[i]) / total : 0)) }
        out.sort { $0.probability != $1.probability ? $0.probability > $1.probability : $0.id < $1.id }
        return out
    }
}
