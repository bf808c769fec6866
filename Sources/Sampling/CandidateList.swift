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
                for j in 0..<w where keep[j] { append(id: i + j, logit: v[j]) }
            }
            i += w
        }
        while i < n {
            let x = p[i]
            if x >= threshold && x > -.infinity { append(id: i, logit: x) }
            i += 1
        }
    }

    /// Replaces the candidates by every token whose weight `exp((x − max) · invTemperature)` is ≥ `minWeight` and
    /// > 0, storing the weights, and returns the sum of the weights of all tokens (kept or not).
    /// - Parameter source: `[vocabularySize]` logits, no NaN; `max` is their maximum (finite).
    mutating func collectWeighted(
        from source: UnsafeBufferPointer<Float>, max: Float, invTemperature: Float, minWeight: Float
    ) -> Double {
        count = 0
        guard let p = source.baseAddress else { return 0 }
        let n = source.count
        let w = LogitMath.width
        let off = LogitMath.Vector(repeating: max)
        let sc = LogitMath.Vector(repeating: invTemperature)
        let minW = LogitMath.Vector(repeating: minWeight)
        let zero = LogitMath.Vector()
        var total: Double = 0
        var acc = LogitMath.Vector()
        var i = 0
        var inBlock = 0
        while i < n {
            let lanes = Swift.min(w, n - i)
            let v = lanes == w ? LogitMath.load(p, i) : LogitMath.loadTail(p, i, lanes, fill: -.infinity)
            let e = LogitMath.expInline((v - off) * sc)
            acc += e
            let keep = (e .>= minW) .& (e .> zero)
            if LogitMath.anyLane(keep) {
                for j in 0..<lanes where keep[j] {
                    weights[count] = e[j]
                    append(id: i + j, logit: v[j])
                }
            }
            i += lanes
            inBlock += 1
            if inBlock == 16 {
                LogitMath.addLanes(acc, to: &total)
                acc = LogitMath.Vector()
                inBlock = 0
            }
        }
        LogitMath.addLanes(acc, to: &total)
        return total
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

    /// The sum of the candidates' weights.
    func totalWeight() -> Double {
        var total: Double = 0
        for i in 0..<count { total += Double(weights[i]) }
        return total
    }

    /// Draws one candidate with probability proportional to its weight: the first whose running weight sum
    /// exceeds `unit × total`, scanning in slot order. `unit` is uniform in [0, 1).
    func draw(unit: Double) -> Int32 {
        let target = unit * totalWeight()
        var running: Double = 0
        var lastPositive = 0
        for i in 0..<count {
            let wi = Double(weights[i])
            running += wi
            if wi > 0 {
                if running > target { return ids[i] }
                lastPositive = i
            }
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
