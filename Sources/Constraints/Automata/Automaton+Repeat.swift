/// Counted repetition of a reference-free automaton, built directly (no subset construction): the length-bounded
/// string content that `minLength`/`maxLength` intersect with a pattern.
extension Automaton {
    /// An automaton for `min` to `max` (nil: unbounded) repetitions of `unit`'s language.
    ///
    /// `unit` must be deterministic and *prefix-free*: its accepting states have no outgoing edges (true of one
    /// JSON string character).
    static func repeated(_ unit: Automaton, min: Int, max: Int?) -> Automaton {
        var out = Automaton()
        let positions = (max ?? min) + 1
        // Position k's entry state, accepting when k ≥ min.
        var entries: [Int32] = []
        for k in 0..<positions { entries.append(out.addState(accepting: k >= min)) }
        for k in 0..<positions {
            // After this position's unit: the next position, or (unbounded, last position) back to itself.
            let after: Int32?
            if k + 1 < positions { after = entries[k + 1] } else { after = max == nil ? entries[k] : nil }
            guard let after else { continue }
            // Copy the unit's states for this position; the start maps to the entry, accepting states to `after`.
            var map = [Int32](repeating: -1, count: unit.stateCount)
            map[Int(unit.start)] = entries[k]
            for s in 0..<unit.stateCount where s != Int(unit.start) {
                map[s] = unit.accepting[s] ? after : out.addState(accepting: false)
            }
            for s in 0..<unit.stateCount where !unit.accepting[s] {
                out.byteEdges[Int(map[s])] = unit.byteEdges[s].map { ByteEdge(lo: $0.lo, hi: $0.hi, to: map[Int($0.to)]) }
            }
        }
        return out
    }
}
