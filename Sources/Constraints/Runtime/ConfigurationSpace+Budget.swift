/// Token budgets of budgeted segments: which segments a configuration is inside, and the configuration where
/// a segment may only finish.
extension ConfigurationSpace {
    /// Bit `k` set when a stack top of set `s` is a state of budgeted segment `k` (the next token starts inside it).
    mutating func segmentsInside(_ s: Int32) -> UInt64 {
        if let m = segmentMemo[s] { return m }
        var bits: UInt64 = 0
        let segments = grammar.segments
        for i in Int(setStart[Int(s)])..<Int(setStart[Int(s) + 1]) {
            let st = nodeState[Int(setNodes[i])]
            for (k, seg) in segments.enumerated() where st >= seg.stateLo && st < seg.stateHi {
                bits |= 1 << UInt64(k)
            }
        }
        segmentMemo[s] = bits
        return bits
    }

    /// Set `s` with every stack top inside segment `k` moved to the segment's finishing-only twin: those stacks
    /// may complete a character already begun and must then leave the segment.
    mutating func finishing(_ s: Int32, segment k: Int) -> Int32 {
        let key = Int64(s) << 8 | Int64(k)
        if let t = finishingMemo[key] { return t }
        let seg = grammar.segments[k]
        let wasAccepting = setAccepting[Int(s)]
        let nodes = Array(setNodes[Int(setStart[Int(s)])..<Int(setStart[Int(s) + 1])])
        beginClosure()
        accepting = wasAccepting
        // Tops outside the segment stay as they are (already closed); mark them first so that closing the twins
        // does not add them twice.
        var inside: [Int32] = []
        for n in nodes {
            let st = nodeState[Int(n)]
            if st >= seg.stateLo && st < seg.stateHi {
                inside.append(n)
            } else {
                visitMark[Int(n)] = mark
                scratch.append(n)
            }
        }
        for n in inside {
            let st = nodeState[Int(n)]
            close(node(st - seg.stateLo + seg.shadowBase, nodeParent[Int(n)]))
        }
        let t = finishClosure()
        finishingMemo[key] = t
        return t
    }
}
