/// A grammar compiled to per-rule byte automata, ready for matching: immutable, vocabulary-independent and
/// cheap to share between sequences.
///
/// Build one with ``ConstraintCompiler`` (from a `ResponseFormat`) and pair it with a ``ConstraintVocabulary`` in
/// a ``GrammarMatcher``. Every rule is productive (can finish) and every state can reach the end of its rule, so
/// any prefix the matcher accepts can still be completed.
public struct CompiledGrammar: Sendable {
    /// Per rule, its start state (global numbering).
    let ruleStart: [Int32]
    /// Per rule, its name (for diagnostics).
    let ruleNames: [String]
    /// Per state, the first index of its byte edges in `edgeLo/edgeHi/edgeTo`; one extra entry at the end.
    let stateEdgeStart: [Int32]
    /// Byte edges of all states: bytes `edgeLo[i]...edgeHi[i]` go to state `edgeTo[i]`.
    let edgeLo: [UInt8]
    let edgeHi: [UInt8]
    let edgeTo: [Int32]
    /// Per state, the first index of its reference edges in `refRule/refTo`; one extra entry at the end.
    let stateRefStart: [Int32]
    /// Reference edges: call rule `refRule[i]`, then continue at state `refTo[i]`.
    let refRule: [Int32]
    let refTo: [Int32]
    /// Per state, whether its rule may end here.
    let stateAccepting: [Bool]
    /// Per state, accepting with no outgoing edge at all (a call returning here is a tail call).
    let statePureFinal: [Bool]
    /// The start rule.
    let rootRule: Int32
    /// Budgeted segments (see ``ConstraintPlan/freeText(excluding:maxTokens:)``), at most 64.
    let segments: [BudgetSegment]
    /// Per state, the fewest bytes that finish its rule (``CompletionLengths``).
    let completionLength: [Int32]

    /// Where a budgeted segment's states are, and its shadow copy that may only finish.
    struct BudgetSegment: Sendable {
        /// The segment's states are `stateLo..<stateHi` (global numbering).
        let stateLo: Int32
        let stateHi: Int32
        /// State `s` of the segment has its finishing-only twin at `s - stateLo + shadowBase`.
        let shadowBase: Int32
        /// Most tokens the segment may consume before it must finish.
        let maxTokens: Int
    }

    /// A budgeted rule before state numbering: the rule, its finishing-only copy, its budget.
    struct SegmentSpec {
        let rule: Int
        let shadowRule: Int
        let maxTokens: Int
    }

    /// Number of automaton states over all rules.
    public var stateCount: Int { stateAccepting.count }
    /// Number of rules.
    public var ruleCount: Int { ruleStart.count }

    /// The target of byte `b` from state `s`, or -1.
    @inline(__always)
    func byteTarget(_ s: Int32, _ b: UInt8) -> Int32 {
        var i = Int(stateEdgeStart[Int(s)])
        let end = Int(stateEdgeStart[Int(s) + 1])
        while i < end {
            if b >= edgeLo[i] && b <= edgeHi[i] { return edgeTo[i] }
            i += 1
        }
        return -1
    }

    /// Whether state `s` has byte edges.
    @inline(__always)
    func consumes(_ s: Int32) -> Bool { stateEdgeStart[Int(s)] != stateEdgeStart[Int(s) + 1] }

    init(rules automata: [Automaton], names: [String], root: Int, segments specs: [SegmentSpec] = []) {
        var offsets: [Int32] = []
        var total: Int32 = 0
        for a in automata {
            offsets.append(total)
            total += Int32(a.stateCount)
        }
        var edgeStart: [Int32] = [0]
        var lo: [UInt8] = []
        var hi: [UInt8] = []
        var to: [Int32] = []
        var refStart: [Int32] = [0]
        var rr: [Int32] = []
        var rt: [Int32] = []
        var acc: [Bool] = []
        var pure: [Bool] = []
        for (r, a) in automata.enumerated() {
            let base = offsets[r]
            for s in 0..<a.stateCount {
                for e in a.byteEdges[s] {
                    lo.append(e.lo)
                    hi.append(e.hi)
                    to.append(base + e.to)
                }
                edgeStart.append(Int32(lo.count))
                for e in a.refEdges[s] {
                    rr.append(e.rule)
                    rt.append(base + e.to)
                }
                refStart.append(Int32(rr.count))
                acc.append(a.accepting[s])
                pure.append(a.accepting[s] && a.byteEdges[s].isEmpty && a.refEdges[s].isEmpty)
            }
        }
        let starts = automata.enumerated().map { offsets[$0.offset] + $0.element.start }
        self.ruleStart = starts
        self.ruleNames = names
        self.stateEdgeStart = edgeStart
        self.edgeLo = lo
        self.edgeHi = hi
        self.edgeTo = to
        self.stateRefStart = refStart
        self.refRule = rr
        self.refTo = rt
        self.stateAccepting = acc
        self.statePureFinal = pure
        self.rootRule = Int32(root)
        self.segments = specs.map { spec in
            BudgetSegment(stateLo: offsets[spec.rule], stateHi: offsets[spec.rule] + Int32(automata[spec.rule].stateCount),
                shadowBase: offsets[spec.shadowRule], maxTokens: spec.maxTokens)
        }
        self.completionLength = CompletionLengths.perState(
            stateEdgeStart: edgeStart, edgeTo: to, stateRefStart: refStart, refRule: rr, refTo: rt, ruleStart: starts,
            accepting: acc)
    }
}
