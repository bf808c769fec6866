/// The matcher's working memory: parser configurations interned as small integers, with a lazily filled
/// transition table — in effect a DFA over pushdown configurations, built on demand and then reused.
///
/// A *stack node* is `(state, parent)`: an automaton state plus the node to return to when its rule ends
/// (`-1` = bottom). Nodes are hash-consed, so equal stacks share one id. A *configuration set* is the sorted set
/// of stack tops that can consume a byte, plus whether the grammar may end here. Set 0 is the dead set.
///
/// - Important: not thread-safe; ``ConfigurationCache`` guards it with a mutex.
struct ConfigurationSpace {
    let grammar: CompiledGrammar

    /// Stack nodes.  // [nodeCount]
    private(set) var nodeState: [Int32] = []
    private(set) var nodeParent: [Int32] = []
    /// Per node, the fewest bytes that finish its whole stack (its rule, then each rule it returns to).
    private var nodeFinishBytes: [Int32] = []
    private var nodeIndex: [Int64: Int32] = [:]
    var visitMark: [UInt32] = []
    var mark: UInt32 = 0
    /// Per node, the id of the set holding just that node (non-accepting), or -1 before it is interned.
    private var singletonSet: [Int32] = []
    /// Per automaton state: -3 not computed, -2 plain characters lead to different states, -1 every plain
    /// character is rejected, else the state every plain character leads to.
    private var statePlainTarget: [Int32]

    /// Configuration sets: set `i` holds `setNodes[setStart[i]..<setStart[i + 1]]`.  // [setCount + 1]
    private(set) var setStart: [Int32] = [0]
    private(set) var setNodes: [Int32] = []
    private(set) var setAccepting: [Bool] = []
    /// Per set, the fewest bytes to a configuration where the grammar may end (0 when it may end here).
    private(set) var setFinishBytes: [Int32] = []
    /// Per set, the tokens its shortest completion takes written one byte per token, plus the end-of-generation
    /// token when more text could follow: 0 when the grammar is complete and nothing may follow.
    private(set) var setFinishTokens: [Int32] = []
    private var setIndex: [[Int32]: Int32] = [:]

    /// Per set, the offset of its 256-entry transition row in `trans`, or -1 before the first step from it.
    private var transBase: [Int32] = []
    /// Transition rows; -1 = not computed yet.  // [rows * 256]
    private var trans: [Int32] = []
    /// Per set: -3 not computed, -2 not uniform, else the set every plain character leads to.
    private var plainSuccessorMemo: [Int32] = []

    var scratch: [Int32] = []
    /// Budget bookkeeping memos (see `ConfigurationSpace+Budget.swift`).
    var segmentMemo: [Int32: UInt64] = [:]
    var finishingMemo: [Int64: Int32] = [:]
    private var work: [Int32] = []
    var accepting = false

    /// The configuration before any byte.
    private(set) var initial: Int32 = 0

    static let dead: Int32 = 0

    init(grammar: CompiledGrammar) {
        self.grammar = grammar
        self.statePlainTarget = [Int32](repeating: -3, count: grammar.stateCount)
        _ = intern(nodes: [], accepting: false)  // set 0: dead
        beginClosure()
        close(node(grammar.ruleStart[Int(grammar.rootRule)], -1))
        initial = finishClosure()
    }

    /// Number of interned configuration sets (diagnostics).
    var setCount: Int { setAccepting.count }

    /// Whether set `s` has a stack top that can consume a byte.
    func canConsume(_ s: Int32) -> Bool { setStart[Int(s)] != setStart[Int(s) + 1] }

    // MARK: - Stepping

    /// The configuration after byte `b`, from the table when known.
    @inline(__always)
    mutating func next(_ s: Int32, _ b: UInt8) -> Int32 {
        let base = transBase[Int(s)]
        if base >= 0 {
            let t = trans[Int(base) + Int(b)]
            if t >= 0 { return t }
        }
        return computeNext(s, b)
    }

    @inline(never)
    private mutating func computeNext(_ s: Int32, _ b: UInt8) -> Int32 {
        if s == Self.dead { return Self.dead }
        var base = transBase[Int(s)]
        if base < 0 {
            base = Int32(trans.count)
            transBase[Int(s)] = base
            trans.append(contentsOf: repeatElement(-1, count: 256))
        }
        let t = step(s, b)
        trans[Int(base) + Int(b)] = t
        return t
    }

    /// Computes the successor of set `s` on byte `b` with the pushdown rules.
    private mutating func step(_ s: Int32, _ b: UInt8) -> Int32 {
        let first = Int(setStart[Int(s)])
        if setStart[Int(s) + 1] == Int32(first + 1) {
            // Fast path: one stack top whose target needs no closure (no call, no return).
            let n = setNodes[first]
            let t = grammar.byteTarget(nodeState[Int(n)], b)
            if t < 0 { return Self.dead }
            if grammar.consumes(t) && !grammar.stateAccepting[Int(t)]
                && grammar.stateRefStart[Int(t)] == grammar.stateRefStart[Int(t) + 1]
            {
                let n2 = node(t, nodeParent[Int(n)])
                let known = singletonSet[Int(n2)]
                if known >= 0 { return known }
                let id = intern(nodes: [n2], accepting: false)
                singletonSet[Int(n2)] = id
                return id
            }
        }
        beginClosure()
        for i in Int(setStart[Int(s)])..<Int(setStart[Int(s) + 1]) {
            let n = setNodes[i]
            let t = grammar.byteTarget(nodeState[Int(n)], b)
            if t >= 0 { close(node(t, nodeParent[Int(n)])) }
        }
        return finishClosure()
    }

    mutating func beginClosure() {
        mark &+= 1
        if mark == 0 {
            for i in visitMark.indices { visitMark[i] = 0 }
            mark = 1
        }
        scratch.removeAll(keepingCapacity: true)
        accepting = false
    }

    /// Adds the closure of node `start`: follow rule calls and rule ends until every stack top consumes a byte.
    mutating func close(_ start: Int32) {
        work.append(start)
        while let n = work.popLast() {
            if visitMark[Int(n)] == mark { continue }
            visitMark[Int(n)] = mark
            let s = nodeState[Int(n)]
            let p = nodeParent[Int(n)]
            if grammar.consumes(s) { scratch.append(n) }
            let refEnd = Int(grammar.stateRefStart[Int(s) + 1])
            var r = Int(grammar.stateRefStart[Int(s)])
            while r < refEnd {
                let target = grammar.refTo[r]
                // A call whose return state has nothing left to do is a tail call: return straight to `p`.
                let ret = grammar.statePureFinal[Int(target)] ? p : node(target, p)
                work.append(node(grammar.ruleStart[Int(grammar.refRule[r])], ret))
                r += 1
            }
            if grammar.stateAccepting[Int(s)] {
                if p < 0 { accepting = true } else { work.append(p) }
            }
        }
    }

    mutating func finishClosure() -> Int32 {
        scratch.sort()
        return intern(nodes: scratch, accepting: accepting)
    }

    /// The id of stack node `(state, parent)`.
    mutating func node(_ state: Int32, _ parent: Int32) -> Int32 {
        let key = Int64(state) << 32 | Int64(UInt32(bitPattern: parent))
        if let id = nodeIndex[key] { return id }
        let id = Int32(nodeState.count)
        nodeState.append(state)
        nodeParent.append(parent)
        let own = grammar.completionLength[Int(state)]
        nodeFinishBytes.append(parent < 0 ? own : CompletionLengths.add(own, nodeFinishBytes[Int(parent)]))
        visitMark.append(0)
        singletonSet.append(-1)
        nodeIndex[key] = id
        return id
    }

    private mutating func intern(nodes: [Int32], accepting acc: Bool) -> Int32 {
        var key = nodes
        key.append(acc ? -1 : -2)
        if let id = setIndex[key] { return id }
        let id = Int32(setAccepting.count)
        setNodes.append(contentsOf: nodes)
        setStart.append(Int32(setNodes.count))
        setAccepting.append(acc)
        var bytes: Int32 = acc ? 0 : CompletionLengths.unbounded
        if !acc { for n in nodes { bytes = min(bytes, nodeFinishBytes[Int(n)]) } }
        setFinishBytes.append(bytes)
        // An accepting set that can still consume needs the end-of-generation token; one that is not accepting
        // needs its bytes and then possibly that token too.
        setFinishTokens.append(acc ? (nodes.isEmpty ? 0 : 1) : CompletionLengths.add(bytes, 1))
        transBase.append(-1)
        plainSuccessorMemo.append(-3)
        setIndex[key] = id
        return id
    }

    // MARK: - The plain-character slice

    /// Continuation patterns of multi-byte UTF-8 characters: (lo, hi, next pattern); pattern 0 = complete.
    private static let continuation: [(UInt8, UInt8, Int)] = [
        (0, 0, 0), (0x80, 0xBF, 0), (0xA0, 0xBF, 1), (0x80, 0xBF, 1), (0x80, 0x9F, 1),
        (0x90, 0xBF, 3), (0x80, 0xBF, 3), (0x80, 0x8F, 3),
    ]
    /// Lead byte ranges and the continuation pattern each starts.
    private static let leads: [(UInt8, UInt8, Int)] = [
        (0xC2, 0xDF, 1), (0xE0, 0xE0, 2), (0xE1, 0xEC, 3), (0xED, 0xED, 4), (0xEE, 0xEF, 3),
        (0xF0, 0xF0, 5), (0xF1, 0xF3, 6), (0xF4, 0xF4, 7),
    ]

    /// The set reached from `s` by any one plain character (a code point ≥ U+0020 other than `"` and `\`) when
    /// every such character leads to the same set (0 if all are rejected); -2 when that cannot be shown.
    mutating func plainSuccessor(_ s: Int32) -> Int32 {
        let memo = plainSuccessorMemo[Int(s)]
        if memo != -3 { return memo }
        var targets: [(Int32, Int32)] = []
        var result: Int32 = 0
        for i in Int(setStart[Int(s)])..<Int(setStart[Int(s) + 1]) {
            let n = setNodes[i]
            let u = plainTarget(nodeState[Int(n)])
            if u == -2 {
                result = -2
                break
            }
            if u >= 0 { targets.append((u, nodeParent[Int(n)])) }
        }
        if result != -2 {
            beginClosure()
            for (u, p) in targets { close(node(u, p)) }
            result = finishClosure()
        }
        plainSuccessorMemo[Int(s)] = result
        return result
    }

    /// The automaton state every plain character leads to from state `s` (following multi-byte characters
    /// through the rule's own byte edges); -1 if all are rejected, -2 if they differ.
    private mutating func plainTarget(_ s: Int32) -> Int32 {
        let memo = statePlainTarget[Int(s)]
        if memo != -3 { return memo }
        var result: Int32 = -3
        var b: UInt8 = 0x20
        while b <= 0x7F {
            if b != 0x22 && b != 0x5C {
                let t = grammar.byteTarget(s, b)
                if result == -3 { result = t } else if result != t { result = -2; break }
            }
            b += 1
        }
        if result != -2 {
            var memoTable: [Int64: Int32] = [:]
            outer: for (lo, hi, pattern) in Self.leads {
                for lead in lo...hi {
                    let t = finishCharacter(grammar.byteTarget(s, lead), pattern, &memoTable)
                    if result == -3 { result = t } else if result != t { result = -2; break outer }
                }
            }
        }
        statePlainTarget[Int(s)] = result
        return result
    }

    /// The common state after completing a character from state `s` with continuation `pattern`; -1 if every
    /// completion is rejected, -2 if they differ.
    private func finishCharacter(_ s: Int32, _ pattern: Int, _ memo: inout [Int64: Int32]) -> Int32 {
        if pattern == 0 || s < 0 { return s }
        let key = Int64(s) << 8 | Int64(pattern)
        if let r = memo[key] { return r }
        let (lo, hi, nextPattern) = Self.continuation[pattern]
        var result: Int32 = -3
        for c in lo...hi {
            let t = finishCharacter(grammar.byteTarget(s, c), nextPattern, &memo)
            if t == -2 { result = -2; break }
            if result == -3 { result = t } else if result != t { result = -2; break }
        }
        memo[key] = result
        return result
    }

    /// How many plain characters in a row are allowed from `s` whatever they are: `nil` when the answer depends on
    /// which characters (walk the tries instead), else `k` such that every run of 1…k plain characters is allowed
    /// and no longer run is (`limit` when at least `limit` are).
    mutating func plainRunLimit(_ s: Int32, limit: Int) -> Int? {
        var cur = s
        var k = 0
        while k < limit {
            let p = plainSuccessor(cur)
            if p == -2 { return nil }
            if p == Self.dead { return k }
            if p == cur { return limit }
            cur = p
            k += 1
        }
        return limit
    }

    // MARK: - Masks

    /// Marks in `words` every token of `trie` whose bytes keep `start` alive and, unless `limit` is `Int32.max`,
    /// whose configuration after it finishes in at most `limit` tokens (`setFinishTokens`). Returns the least
    /// finishing cost over the tokens the grammar allows (`Int32.max` when unlimited or none), marked or not.
    @discardableResult
    mutating func walk(
        _ trie: TokenTrie, from start: Int32, into words: UnsafeMutablePointer<UInt64>, within limit: Int32 = .max
    ) -> Int32 {
        var cheapest = Int32.max
        if trie.nodes.isEmpty { return cheapest }
        var sets = [Int32](repeating: 0, count: trie.maxDepth + 1)
        sets[0] = start
        trie.nodes.withUnsafeBufferPointer { nodes in
            trie.sameBytesNext.withUnsafeBufferPointer { chain in
                sets.withUnsafeMutableBufferPointer { sets in
                    var i = 0
                    let n = nodes.count
                    while i < n {
                        let node = nodes[i]
                        let d = Int(node.depth)
                        let t = next(sets[d - 1], node.byte)
                        if t == Self.dead {
                            i += Int(node.skip)
                            continue
                        }
                        sets[d] = t
                        var tok = node.token
                        if tok >= 0 && limit != .max {
                            // A token that would leave too little room is skipped, but its subtree is not: a
                            // longer token through it may close more.
                            let cost = setFinishTokens[Int(t)]
                            if cost < cheapest { cheapest = cost }
                            if cost > limit { tok = -1 }
                        }
                        while tok >= 0 {
                            words[Int(tok) >> 6] |= 1 << UInt64(tok & 63)
                            tok = chain[Int(tok)]
                        }
                        i += 1
                    }
                }
            }
        }
        return cheapest
    }

    /// Whether every run of 1…`k` plain characters from `s` (which `plainRunLimit` allows) ends in a
    /// configuration that finishes within `limit` tokens.
    mutating func plainRunFits(_ s: Int32, _ k: Int, within limit: Int32) -> Bool {
        var cur = s
        for _ in 0..<k {
            let p = plainSuccessor(cur)
            if p < 0 || p == Self.dead { return false }
            if setFinishTokens[Int(p)] > limit { return false }
            if p == cur { return true }
            cur = p
        }
        return true
    }

    /// The configuration after `bytes`, or dead.
    mutating func run(_ s: Int32, _ bytes: ArraySlice<UInt8>) -> Int32 {
        var cur = s
        for b in bytes {
            cur = next(cur, b)
            if cur == Self.dead { return cur }
        }
        return cur
    }

    // MARK: - Completion helpers

    /// One representative byte per class of bytes that behave identically from `s`.
    func byteClasses(_ s: Int32) -> [UInt8] {
        var points: [Int] = []
        for i in Int(setStart[Int(s)])..<Int(setStart[Int(s) + 1]) {
            let st = Int(nodeState[Int(setNodes[i])])
            for e in Int(grammar.stateEdgeStart[st])..<Int(grammar.stateEdgeStart[st + 1]) {
                points.append(Int(grammar.edgeLo[e]))
                points.append(Int(grammar.edgeHi[e]) + 1)
            }
        }
        points.sort()
        var unique: [Int] = []
        for p in points where unique.last != p { unique.append(p) }
        var out: [UInt8] = []
        if unique.count >= 2 {
            for k in 0..<(unique.count - 1) {
                let lo = unique[k]
                let hi = unique[k + 1] - 1
                // Prefer a printable representative.
                out.append(UInt8(lo < 0x20 && hi >= 0x20 ? 0x20 : lo))
            }
        }
        return out
    }

    /// The shortest byte string that completes the grammar from `s` (breadth-first search), or `nil` if none is
    /// found within `maxStates` configurations.
    mutating func shortestCompletion(from s: Int32, maxStates: Int) -> [UInt8]? {
        if s == Self.dead { return nil }
        var parent: [Int32: (Int32, UInt8)] = [s: (-1, 0)]
        var queue: [Int32] = [s]
        var head = 0
        while head < queue.count {
            let cur = queue[head]
            head += 1
            if setAccepting[Int(cur)] {
                var out: [UInt8] = []
                var x = cur
                while let (p, b) = parent[x], p >= 0 {
                    out.append(b)
                    x = p
                }
                return out.reversed()
            }
            if queue.count > maxStates { return nil }
            for b in byteClasses(cur) {
                let t = next(cur, b)
                if t != Self.dead && parent[t] == nil {
                    parent[t] = (cur, b)
                    queue.append(t)
                }
            }
        }
        return nil
    }
}
