/// A deterministic automaton for one rule: byte edges (disjoint ranges) plus edges labelled by rule references.
///
/// Byte edges are deterministic; a state may also have several reference edges (to different rules) and byte
/// edges at once — that nondeterminism is what the runtime's configuration sets resolve.
struct Automaton: Sendable {
    /// One byte edge: bytes `lo...hi` go to `to`.
    struct ByteEdge: Sendable, Hashable {
        var lo: UInt8
        var hi: UInt8
        var to: Int32
    }

    /// One reference edge: after a complete match of `rule`, go to `to`.
    struct RefEdge: Sendable, Hashable {
        var rule: Int32
        var to: Int32
    }

    /// Per state, byte edges sorted by `lo`, disjoint.
    var byteEdges: [[ByteEdge]] = []
    /// Per state, reference edges (at most one per rule).
    var refEdges: [[RefEdge]] = []
    /// Per state, whether the rule may end here.
    var accepting: [Bool] = []
    /// The start state (always 0 after construction).
    var start: Int32 = 0

    var stateCount: Int { accepting.count }

    /// Adds a state and returns its index.
    mutating func addState(accepting acc: Bool) -> Int32 {
        byteEdges.append([])
        refEdges.append([])
        accepting.append(acc)
        return Int32(accepting.count - 1)
    }

    /// The target of byte `b` from state `s`, or -1.
    func target(_ s: Int32, _ b: UInt8) -> Int32 {
        for e in byteEdges[Int(s)] where b >= e.lo && b <= e.hi { return e.to }
        return -1
    }

    /// Whether the (reference-free) automaton matches `bytes` exactly.
    func matches(_ bytes: [UInt8]) -> Bool {
        var s = start
        for b in bytes {
            s = target(s, b)
            if s < 0 { return false }
        }
        return accepting[Int(s)]
    }

    /// Whether no string is accepted (reference edges count as usable).
    var isEmptyLanguage: Bool {
        let live = coReachable(usableRule: { _ in true })
        return !live[Int(start)]
    }

    /// States from which an accepting state is reachable, using byte edges and the reference edges whose rule
    /// `usableRule` accepts.
    func coReachable(usableRule: (Int32) -> Bool) -> [Bool] {
        var reverse = [[Int32]](repeating: [], count: stateCount)
        for s in 0..<stateCount {
            for e in byteEdges[s] { reverse[Int(e.to)].append(Int32(s)) }
            for e in refEdges[s] where usableRule(e.rule) { reverse[Int(e.to)].append(Int32(s)) }
        }
        var live = accepting
        var work = (0..<stateCount).filter { accepting[$0] }.map { Int32($0) }
        while let s = work.popLast() {
            for p in reverse[Int(s)] where !live[Int(p)] {
                live[Int(p)] = true
                work.append(p)
            }
        }
        return live
    }

    /// Removes reference edges to unusable rules and every state that cannot reach acceptance or cannot be
    /// reached from the start. Keeps the start state (as a dead, non-accepting state if the language is empty).
    func trimmed(usableRule: (Int32) -> Bool) -> Automaton {
        let live = coReachable(usableRule: usableRule)
        // Forward reachability through live states.
        var reach = [Bool](repeating: false, count: stateCount)
        var order: [Int32] = []
        if live[Int(start)] {
            reach[Int(start)] = true
            var work: [Int32] = [start]
            while let s = work.popLast() {
                order.append(s)
                let next = byteEdges[Int(s)].map(\.to) + refEdges[Int(s)].filter { usableRule($0.rule) }.map(\.to)
                for t in next where live[Int(t)] && !reach[Int(t)] {
                    reach[Int(t)] = true
                    work.append(t)
                }
            }
        }
        var out = Automaton()
        var map = [Int32](repeating: -1, count: stateCount)
        if order.isEmpty {
            _ = out.addState(accepting: false)
            return out
        }
        // Keep the start first.
        order.sort { a, b in a == start ? true : b == start ? false : a < b }
        for s in order { map[Int(s)] = out.addState(accepting: accepting[Int(s)]) }
        for s in order {
            let ns = Int(map[Int(s)])
            out.byteEdges[ns] = byteEdges[Int(s)].compactMap { e in
                map[Int(e.to)] >= 0 ? ByteEdge(lo: e.lo, hi: e.hi, to: map[Int(e.to)]) : nil
            }
            out.refEdges[ns] = refEdges[Int(s)].compactMap { e in
                usableRule(e.rule) && map[Int(e.to)] >= 0 ? RefEdge(rule: e.rule, to: map[Int(e.to)]) : nil
            }
        }
        return out
    }

    /// The same states, but every accepting state loses its outgoing edges: from any state the automaton can only
    /// go on to its nearest ends (finishing a UTF-8 character already begun, for free text), never past one.
    /// The shadow automaton of a budgeted segment.
    func finishingOnly() -> Automaton {
        var out = self
        for s in 0..<stateCount where accepting[s] {
            out.byteEdges[s] = []
            out.refEdges[s] = []
        }
        return out
    }
}
