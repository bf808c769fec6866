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

    /// The deterministic automaton for paths from `start` to `final`.
    func determinize(start: Int32, final: Int32, stateLimit: Int) throws(ConstraintError) -> Automaton {
        var marks = [UInt32](repeating: 0, count: stateCount)
        var stamp: UInt32 = 1
        var index: [[Int32]: Int32] = [:]
        var sets: [[Int32]] = []
        var dfa = Automaton()

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
            if !edges.isEmpty {
                var points: [Int] = []
                for e in edges {
                    points.append(Int(e.lo))
                    points.append(Int(e.hi) + 1)
                }
                points.sort()
                var unique: [Int] = []
                for p in points where unique.last != p { unique.append(p) }
                var out: [Automaton.ByteEdge] = []
                for k in 0..<(unique.count - 1) {
                    let lo = unique[k]
                    let hi = unique[k + 1] - 1
                    var targets: [Int32] = []
                    for e in edges where Int(e.lo) <= lo && Int(e.hi) >= hi { targets.append(e.to) }
                    if targets.isEmpty { continue }
                    stamp &+= 1
                    let target = try intern(closure(targets, marks: &marks, stamp: stamp))
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
                let target = try intern(closure(byRule[rule] ?? [], marks: &marks, stamp: stamp))
                refOut.append(Automaton.RefEdge(rule: rule, to: target))
            }
            dfa.refEdges[me] = refOut
        }
        return dfa
    }
}

extension Automaton {
    /// The product of two reference-free DFAs: their intersection, or (`subtract`) the strings of `self` that
    /// `other` does not accept. The result is trimmed.
    func product(with other: Automaton, subtract: Bool) -> Automaton {
        var index: [Int64: Int32] = [:]
        var pairs: [(Int32, Int32)] = []
        var out = Automaton()

        func intern(_ a: Int32, _ b: Int32) -> Int32 {
            let key = Int64(a) << 32 | Int64(UInt32(bitPattern: b))
            if let id = index[key] { return id }
            let accA = accepting[Int(a)]
            let accB = b >= 0 && other.accepting[Int(b)]
            let id = out.addState(accepting: subtract ? (accA && !accB) : (accA && accB))
            index[key] = id
            pairs.append((a, b))
            return id
        }

        _ = intern(start, other.start)
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
                        edges.append(ByteEdge(lo: UInt8(cursor), hi: UInt8(lo - 1), to: intern(ea.to, -1)))
                    }
                    edges.append(ByteEdge(lo: UInt8(lo), hi: UInt8(hi), to: intern(ea.to, eb.to)))
                    cursor = hi + 1
                }
                if subtract && cursor <= Int(ea.hi) {
                    edges.append(ByteEdge(lo: UInt8(cursor), hi: ea.hi, to: intern(ea.to, -1)))
                }
            }
            edges.sort { $0.lo < $1.lo }
            out.byteEdges[me] = edges
        }
        return out.trimmed(usableRule: { _ in false })
    }
}
