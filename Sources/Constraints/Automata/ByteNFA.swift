/// A Thompson NFA under construction: ε edges, byte-range edges and rule-reference edges.
struct ByteNFA {
    /// Per state, ε successors.
    var epsilons: [[Int32]] = []
    /// Per state, byte-range edges.
    var bytes: [[Automaton.ByteEdge]] = []
    /// Per state, reference edges.
    var refs: [[Automaton.RefEdge]] = []
    /// Most states this NFA may grow to before construction fails with `.tooLarge`.
    let stateLimit: Int

    init(stateLimit: Int) { self.stateLimit = stateLimit }

    var stateCount: Int { epsilons.count }

    /// Adds a state.
    mutating func addState() throws(ConstraintError) -> Int32 {
        guard epsilons.count < stateLimit else {
            throw ConstraintError(
                .tooLarge, "the grammar is too large to compile (over \(stateLimit) automaton states); "
                    + "reduce repetition bounds such as maxLength, maxItems or {m,n}")
        }
        epsilons.append([])
        bytes.append([])
        refs.append([])
        return Int32(epsilons.count - 1)
    }

    mutating func epsilon(_ from: Int32, _ to: Int32) { epsilons[Int(from)].append(to) }

    mutating func byteEdge(_ from: Int32, _ lo: UInt8, _ hi: UInt8, _ to: Int32) {
        bytes[Int(from)].append(Automaton.ByteEdge(lo: lo, hi: hi, to: to))
    }

    /// Adds the language of `e` as paths from `from` to `to`.
    mutating func build(_ e: GrammarExpr, from: Int32, to: Int32) throws(ConstraintError) {
        switch e {
        case .empty:
            epsilon(from, to)
        case .nothing:
            break
        case .bytes(let bs):
            if bs.isEmpty { epsilon(from, to); return }
            var cur = from
            for (i, b) in bs.enumerated() {
                let next = i == bs.count - 1 ? to : try addState()
                byteEdge(cur, b, b, next)
                cur = next
            }
        case .byteRange(let lo, let hi):
            byteEdge(from, lo, hi, to)
        case .chars(let set):
            for seq in UTF8Sequences.sequences(for: set) {
                var cur = from
                for (i, r) in seq.enumerated() {
                    let next = i == seq.count - 1 ? to : try addState()
                    byteEdge(cur, r.lowerBound, r.upperBound, next)
                    cur = next
                }
            }
        case .ref(let rule):
            refs[Int(from)].append(Automaton.RefEdge(rule: Int32(rule), to: to))
        case .seq(let parts):
            if parts.isEmpty { epsilon(from, to); return }
            var cur = from
            for (i, p) in parts.enumerated() {
                let next = i == parts.count - 1 ? to : try addState()
                try build(p, from: cur, to: next)
                cur = next
            }
        case .alt(let branches):
            for b in branches {
                let s = try addState()
                let t = try addState()
                epsilon(from, s)
                try build(b, from: s, to: t)
                epsilon(t, to)
            }
        case .rep(let x, let minCount, let maxCount):
            if let maxCount, maxCount < minCount { return }
            var cur = from
            for _ in 0..<minCount {
                let next = try addState()
                try build(x, from: cur, to: next)
                cur = next
            }
            if let maxCount {
                for _ in minCount..<max(minCount, maxCount) {
                    let next = try addState()
                    epsilon(cur, to)
                    try build(x, from: cur, to: next)
                    cur = next
                }
                epsilon(cur, to)
            } else {
                let loop = try addState()
                let back = try addState()
                epsilon(cur, loop)
                try build(x, from: loop, to: back)
                epsilon(back, loop)
                epsilon(loop, to)
            }
        case .dfa(let automaton):
            try embed(automaton, from: from, to: to)
        case .intersect(let a, let b):
            let dfa = try Self.regularDFA(a, stateLimit: stateLimit).product(
                with: try Self.regularDFA(b, stateLimit: stateLimit), subtract: false, stateLimit: stateLimit)
            try embed(dfa, from: from, to: to)
        case .subtract(let a, let b):
            let dfa = try Self.regularDFA(a, stateLimit: stateLimit).product(
                with: try Self.regularDFA(b, stateLimit: stateLimit), subtract: true, stateLimit: stateLimit)
            try embed(dfa, from: from, to: to)
        }
    }

    /// Copies a reference-free DFA in between `from` and `to`.
    mutating func embed(_ dfa: Automaton, from: Int32, to: Int32) throws(ConstraintError) {
        var map: [Int32] = []
        for _ in 0..<dfa.stateCount { map.append(try addState()) }
        epsilon(from, map[Int(dfa.start)])
        for s in 0..<dfa.stateCount {
            for e in dfa.byteEdges[s] { byteEdge(map[s], e.lo, e.hi, map[Int(e.to)]) }
            if dfa.accepting[s] { epsilon(map[s], to) }
        }
    }

    /// The trimmed DFA of a reference-free expression.
    static func regularDFA(_ e: GrammarExpr, stateLimit: Int) throws(ConstraintError) -> Automaton {
        guard !e.containsRef else {
            throw ConstraintError(.invalidSchema, "internal: intersection of a non-regular expression")
        }
        var nfa = ByteNFA(stateLimit: stateLimit)
        let s = try nfa.addState()
        let t = try nfa.addState()
        try nfa.build(e, from: s, to: t)
        return try nfa.determinize(start: s, final: t, stateLimit: stateLimit).trimmed(usableRule: { _ in false })
    }
}
