/// Finds the `n` largest logits of a vocabulary in one pass, for the reported top log-probabilities.
enum TopTokenSelection {
    /// Writes the `n` (≤ `TopLogprobs.capacity`) best tokens, best first (equal logits: lower id first), into
    /// `ids`/`values` and returns how many were written (fewer only when the vocabulary is smaller than `n`).
    /// A vector compare skips every block with nothing better than the current n-th value.
    /// - Parameters:
    ///   - logits: `[vocabularySize]`, no NaN.
    ///   - ids: `[n]` output token ids. - values: `[n]` output logits.
    static func select(
        _ logits: UnsafeBufferPointer<Float>, n: Int, ids: UnsafeMutablePointer<Int32>,
        values: UnsafeMutablePointer<Float>
    ) -> Int {
        guard n > 0, let p = logits.baseAddress else { return 0 }
        var count = 0

        @inline(__always)
        func insert(_ id: Int, _ x: Float) {
            var pos: Int
            if count < n {
                pos = count
                count += 1
            } else {
                guard x > values[n - 1] else { return }
                pos = n - 1
            }
            while pos > 0 && values[pos - 1] < x {
                ids[pos] = ids[pos - 1]
                values[pos] = values[pos - 1]
                pos -= 1
            }
            ids[pos] = Int32(truncatingIfNeeded: id)
            values[pos] = x
        }

        let total = logits.count
        let w = LogitMath.width
        var i = 0
        while i + w <= total {
            let v = LogitMath.load(p, i)
            if count < n || LogitMath.anyLane(v .> LogitMath.Vector(repeating: values[n - 1])) {
                for j in 0..<w { insert(i + j, v[j]) }
            }
            i += w
        }
        while i < total {
            insert(i, p[i])
            i += 1
        }
        return count
    }
}
