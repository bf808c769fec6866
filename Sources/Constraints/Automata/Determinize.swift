/// Subset construction: ByteNFA → Automaton (deterministic on bytes, one edge per referenced rule).
extension ByteNFA {
    /// The ε-closure of `seed`, sorted.
    private func closure(_ seed: [Int32], marks: inout [UInt32], stamp: UInt32) -> [Int32] {
        var out: [Int32] = []
        var work = seed
        while let s = work.popLast() {
            if marks[Int(s)] == stamp { continue }
            marks[Int(s)] = stamp
            out.append(s)
            work.append(contentsOf: epsilons[Int(s)])
        }
        out.sort()
        return out
    }

    /// Work allowed per automaton state of the budget (NFA states and edges visited): 19 million units for a whole
    /// schema, about a second of compiling in a release build; the most demanding pattern of the schema corpus takes
    /// 140 thousand, a 3,000-value enum 290 thousand, `^.{0,4}x.{0,4}$` 620 thousand.
    static let workPerState = 32

    /// The deterministic automaton for paths from `start` to `final`.
    ///
    /// Fails with `.tooLarge` past `stateLimit` states, or once the construction has visited `stateLimit ×
    /// workPerState` NFA states and edges: a few thousand NFA states can make each DFA state a set of thousands
    /// (`^.{0,1000}x.{0,1000}$` took 15 seconds to reach the state limit, and minutes before the sweep below).
    func determinize(start: Int32, final: Int32, stateLimit: Int) throws(ConstraintError) -> Automaton {
        var marks = [UInt32](repeating: 0, count: stateCount)
        var stamp: UInt32 = 1
        var index: [[Int32]: Int32] = [:]
        var sets: [[Int32]] = []
        var dfa = Automaton()
        let workLimit = stateLimit.multipliedReportingOverflow(by: Self.workPerState).overflow
            ? Int.max : stateLimit * Self.workPerState
        var work = 0
        func charge(_ n: Int) throws(ConstraintError) {
            work += n
            guard work <= workLimit else {
                throw ConstraintError(
                    .tooLarge, "the grammar is too large to compile (its automaton takes too much work to build)")
            }
        }

        func intern(_ set: [Int32]) throws(ConstraintError) -> Int32 {
            if let id = index[set] { return id }
            guard sets.count < stateLimit else {
                throw ConstraintError(
                    .tooLarge, "the grammar is too large to compile (over \(stateLimit) automaton states)")
            }
            let id = dfa.addState(accepting: set.contains(final))
            index[set] = id
            sets.append(set)
            return id
        }

        _ = try intern(closure([start], marks: &marks, stamp: stamp))
        var next = 0
        while next < sets.count {
            let members = sets[next]
            let me = next
            next += 1
            // Byte edges: split into elementary intervals.
            var edges: [Automaton.ByteEdge] = []
            for s in members { edges.append(contentsOf: bytes[Int(s)]) }
            try charge(members.count + edges.count)
            if !edges.isEmpty {
                var points: [Int] = []
                for e in edges {
                    points.append(Int(e.lo))
                    points.append(Int(e.hi) + 1)
                }
                points.sort()
                var unique: [Int] = []
                for p in points where unique.last != p { unique.append(p) }
                // Sweep the intervals in order, keeping the edges that cover the current one: no edge starts or
                // ends inside an elementary interval, so an edge covers it when it starts at or before its start
                // and has not ended before it.
                edges.sort { $0.lo < $1.lo }
                var active: [Automaton.ByteEdge] = []
                var pending = 0
                var out: [Automaton.ByteEdge] = []
                for k in 0..<(unique.count - 1) {
                    let lo = unique[k]
                    let hi = unique[k + 1] - 1
                    active.removeAll { Int($0.hi) < lo }
                    while pending < edges.count, Int(edges[pending].lo) <= lo {
                        active.append(edges[pending])
                        pending += 1
                    }
                    try charge(active.count + 1)
                    if active.isEmpty { continue }
                    stamp &+= 1
                    let closed = closure(active.map(\.to), marks: &marks, stamp: stamp)
                    try charge(closed.count)
                    let target = try intern(closed)
                    if let last = out.last, last.to == target, Int(last.hi) + 1 == lo {
                        out[out.count - 1].hi = UInt8(hi)
                    } else {
                        out.append(Automaton.ByteEdge(lo: UInt8(lo), hi: UInt8(hi), to: target))
                    }
                }
                dfa.byteEdges[me] = out
            }
            // Reference edges: one per rule.
            var byRule: [Int32: [Int32]] = [:]
            var ruleOrder: [Int32] = []
            for s in members {
                for e in refs[Int(s)] {
                    if byRule[e.rule] == nil { ruleOrder.append(e.rule) }
                    byRule[e.rule, default: []].append(e.to)
                }
            }
            var refOut: [Automaton.RefEdge] = []
            for rule in ruleOrder {
                stamp &+= 1
                let closed = closure(byRule[rule] ?? [], marks: &marks, stamp: stamp)
                try charge(closed.count)
                let target = try intern(closed)
                refOut.append(Automaton.RefEdge(rule: rule, to: target))
            }
            dfa.refEdges[me] = refOut
        }
        return dfa
    }
}

extension Automaton {
    /// The product of two reference-free DFAs: their intersection, or (`subtract`) the strings of `self` that
    /// `other` does not accept. The result is trimmed. Fails with `.tooLarge` past `stateLimit` states (the
    /// product of two automata within the limit can have its square).
    func product(with other: Automaton, subtract: Bool, stateLimit: Int) throws(ConstraintError) -> Automaton {
        var index: [Int64: Int32] = [:]
        var pairs: [(Int32, Int32)] = []
        var out = Automaton()

        func intern(_ a: Int32, _ b: Int32) throws(ConstraintError) -> Int32 {
            let key = Int64(a) << 32 | Int64(UInt32(bitPattern: b))
            if let id = index[key] { return id }
            guard pairs.count < stateLimit else {
                throw ConstraintError(
                    .tooLarge, "the grammar is too large to compile (over \(stateLimit) automaton states)")
            }
            let accA = accepting[Int(a)]
            let accB = b >= 0 && other.accepting[Int(b)]
            let id = out.addState(accepting: subtract ? (accA && !accB) : (accA && accB))
            index[key] = id
            pairs.append((a, b))
            return id
        }

        _ = try intern(start, other.start)
        var next = 0
        while next < pairs.count {
            let (a, b) = pairs[next]
            let me = next
            next += 1
            var edges: [ByteEdge] = []
            let otherEdges = b >= 0 ? other.byteEdges[Int(b)] : []
            for ea in byteEdges[Int(a)] {
                var cursor = Int(ea.lo)
                for eb in otherEdges where Int(eb.hi) >= cursor && Int(eb.lo) <= Int(ea.hi) {
                    let lo = max(cursor, Int(eb.lo))
                    let hi = min(Int(ea.hi), Int(eb.hi))
                    if subtract && lo > cursor {
                        edges.append(ByteEdge(lo: UInt8(cursor), hi: UInt8(lo - 1), to: try intern(ea.to, -1)))
                    }
                    edges.append(ByteEdge(lo: UInt8(lo), hi: UInt8(hi), to: try intern(ea.to, eb.to)))
                    cursor = hi + 1
                }
                if subtract && cursor <= Int(ea.hi) {
                    edges.append(ByteEdge(lo: UInt8(cursor), hi: ea.hi, to: try intern(ea.to, -1)))
                }
            }
            edges.sort { $0.lo < $1.lo }
            out.byteEdges[me] = edges
        }
        return out.trimmed(usableRule: { _ in false })
    }
}
