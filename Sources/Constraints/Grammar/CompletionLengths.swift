/// The fewest bytes that finish each automaton state's rule: the grammar-level half of length-aware decoding.
///
/// `length(s)` is 0 for an accepting state, else the least of `1 + length(t)` over its byte edges `s → t` and
/// `length(start of R) + length(t)` over its rule calls `s →R→ t` (a call costs the shortest string of the called rule).
/// The call term makes this a fixpoint over all rules at once. It is solved by Knuth's generalisation of Dijkstra's
/// algorithm (both terms are at least as large as each of their arguments, so a state's length is final when it is
/// the smallest one still queued): every state is settled once, in order of length, and each settled state relaxes
/// the states with an edge into it — by a byte edge, or as the return state or the called rule's start of a call.
///
/// A stack of rules finishes in the sum of its frames' lengths (``ConfigurationSpace`` adds them up per stack node),
/// and a set of stacks in the least of its stacks'.
enum CompletionLengths {
    /// Lengths at or past this are "unbounded" (an unproductive state, or a sum that would overflow).
    static let unbounded: Int32 = 1 << 30

    /// `a + b`, saturating at ``unbounded``.
    @inline(__always)
    static func add(_ a: Int32, _ b: Int32) -> Int32 {
        a >= unbounded || b >= unbounded ? unbounded : min(unbounded, a + b)
    }

    /// Per state of the flattened automata, the fewest bytes that reach an accepting state of its own rule (rule
    /// calls included); ``unbounded`` where none does.
    static func perState(
        stateEdgeStart: [Int32], edgeTo: [Int32], stateRefStart: [Int32], refRule: [Int32], refTo: [Int32],
        ruleStart: [Int32], accepting: [Bool]
    ) -> [Int32] {
        let n = accepting.count
        // Reverse edges: per target state, the states that depend on it, and how.
        // A dependency is a byte edge (index -1) or the index of a rule-call edge.
        var into = [[(from: Int32, call: Int32)]](repeating: [], count: n)
        for s in 0..<n {
            for e in Int(stateEdgeStart[s])..<Int(stateEdgeStart[s + 1]) {
                into[Int(edgeTo[e])].append((Int32(s), -1))
            }
            for r in Int(stateRefStart[s])..<Int(stateRefStart[s + 1]) {
                into[Int(refTo[r])].append((Int32(s), Int32(r)))
                let start = Int(ruleStart[Int(refRule[r])])
                if start != Int(refTo[r]) { into[start].append((Int32(s), Int32(r))) }
            }
        }
        var length = [Int32](repeating: unbounded, count: n)
        var settled = [Bool](repeating: false, count: n)
        var heap = MinHeap()
        for s in 0..<n where accepting[s] {
            length[s] = 0
            heap.push(0, Int32(s))
        }
        while let (d, s) = heap.pop() {
            if settled[Int(s)] || d != length[Int(s)] { continue }
            settled[Int(s)] = true
            for (from, call) in into[Int(s)] where !settled[Int(from)] {
                let candidate: Int32
                if call < 0 {
                    candidate = add(1, d)
                } else {
                    let callee = length[Int(ruleStart[Int(refRule[Int(call)])])]
                    candidate = add(callee, length[Int(refTo[Int(call)])])
                }
                if candidate < length[Int(from)] {
                    length[Int(from)] = candidate
                    heap.push(candidate, from)
                }
            }
        }
        return length
    }
}

/// A binary min-heap of (length, state) pairs (duplicates allowed; stale entries are skipped by the caller).
private struct MinHeap {
    private var keys: [Int32] = []
    private var values: [Int32] = []

    mutating func push(_ key: Int32, _ value: Int32) {
        keys.append(key)
        values.append(value)
        var i = keys.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            if keys[p] <= keys[i] { break }
            keys.swapAt(p, i)
            values.swapAt(p, i)
            i = p
        }
    }

    mutating func pop() -> (Int32, Int32)? {
        guard let firstKey = keys.first, let firstValue = values.first else { return nil }
        let lastKey = keys.removeLast()
        let lastValue = values.removeLast()
        if !keys.isEmpty {
            keys[0] = lastKey
            values[0] = lastValue
            var i = 0
            while true {
                let l = 2 * i + 1
                let r = l + 1
                var m = i
                if l < keys.count && keys[l] < keys[m] { m = l }
                if r < keys.count && keys[r] < keys[m] { m = r }
                if m == i { break }
                keys.swapAt(m, i)
                values.swapAt(m, i)
                i = m
            }
        }
        return (firstKey, firstValue)
    }
}
