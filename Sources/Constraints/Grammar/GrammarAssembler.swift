/// Turns a ``GrammarDefinition`` into a ``CompiledGrammar``: one deterministic automaton per rule, then the
/// whole-grammar checks (every rule used must be able to finish; no left recursion) and trimming.
enum GrammarAssembler {
    /// Most automaton states a grammar may have (bounds memory and compile time).
    static let defaultStateLimit = 600_000

    static func assemble(
        _ definition: GrammarDefinition, stateLimit: Int = defaultStateLimit
    ) throws(ConstraintError) -> CompiledGrammar {
        let rules = definition.rules
        var automata: [Automaton] = []
        automata.reserveCapacity(rules.count)
        var used = 0
        for rule in rules {
            do {
                var nfa = ByteNFA(stateLimit: max(16, stateLimit - used))
                let s = try nfa.addState()
                let t = try nfa.addState()
                try nfa.build(rule.expr, from: s, to: t)
                let dfa = try nfa.determinize(start: s, final: t, stateLimit: max(16, stateLimit - used))
                used += dfa.stateCount
                automata.append(dfa)
            } catch {
                // Say where: the schema location of the rule that outgrew the budget.
                if error.pointer == nil, error.line == nil, let origin = rule.origin {
                    throw ConstraintError(error.kind, pointer: origin, error.message)
                }
                throw error
            }
        }

        // Productive rules: those that can derive a finite string.
        var productive = [Bool](repeating: false, count: rules.count)
        var changed = true
        while changed {
            changed = false
            for r in 0..<rules.count where !productive[r] {
                let a = automata[r]
                if a.coReachable(usableRule: { productive[Int($0)] })[Int(a.start)] {
                    productive[r] = true
                    changed = true
                }
            }
        }
        guard productive[definition.root] else {
            let root = rules[definition.root]
            if let origin = root.origin {
                throw ConstraintError(.unsatisfiable, pointer: origin, "no value satisfies this schema")
            }
            throw ConstraintError(.unsatisfiable, "rule '\(root.name)' can never match a finite string")
        }
        automata = automata.map { $0.trimmed(usableRule: { productive[Int($0)] }) }

        try checkLeftRecursion(automata, rules: rules, root: definition.root)

        // Budgeted segments: a shadow copy of each one's automaton that may only finish (appended as extra,
        // never-referenced rules; the matcher switches a sequence's stacks to it when the budget is spent).
        var names = rules.map(\.name)
        var segments: [CompiledGrammar.SegmentSpec] = []
        for (r, rule) in rules.enumerated() {
            guard let budget = rule.tokenBudget else { continue }
            automata.append(automata[r].finishingOnly())
            names.append(rule.name + "_finishing")
            segments.append(.init(rule: r, shadowRule: automata.count - 1, maxTokens: budget))
        }
        return CompiledGrammar(rules: automata, names: names, root: definition.root, segments: segments)
    }

    /// Rejects rules that can call themselves before consuming a byte (the matcher's stack would grow forever).
    private static func checkLeftRecursion(
        _ automata: [Automaton], rules: [GrammarRule], root: Int
    ) throws(ConstraintError) {
        let n = automata.count
        // Nullable rules: can finish without consuming a byte.
        var nullable = [Bool](repeating: false, count: n)
        var changed = true
        while changed {
            changed = false
            for r in 0..<n where !nullable[r] {
                if reachesAcceptWithoutBytes(automata[r], nullable: nullable) {
                    nullable[r] = true
                    changed = true
                }
            }
        }
        // Left-call graph.
        var calls = [[Int]](repeating: [], count: n)
        for r in 0..<n {
            let a = automata[r]
            var seen = [Bool](repeating: false, count: a.stateCount)
            var work: [Int32] = [a.start]
            seen[Int(a.start)] = true
            var callees = Set<Int>()
            while let s = work.popLast() {
                for e in a.refEdges[Int(s)] {
                    callees.insert(Int(e.rule))
                    if nullable[Int(e.rule)] && !seen[Int(e.to)] {
                        seen[Int(e.to)] = true
                        work.append(e.to)
                    }
                }
            }
            calls[r] = callees.sorted()
        }
        // Cycle search from the root (iterative DFS with colours).
        var colour = [UInt8](repeating: 0, count: n)  // 0 new, 1 on stack, 2 done
        var stack: [(rule: Int, next: Int)] = [(root, 0)]
        colour[root] = 1
        while !stack.isEmpty {
            let top = stack.count - 1
            let (r, i) = stack[top]
            if i < calls[r].count {
                stack[top].next += 1
                let c = calls[r][i]
                if colour[c] == 1 {
                    let rule = rules[c]
                    let msg = "rule '\(rule.name)' is left-recursive (it can reach itself before consuming any text)"
                    if let origin = rule.origin { throw ConstraintError(.invalidSchema, pointer: origin, msg) }
                    throw ConstraintError(.grammarSyntax, msg)
                }
                if colour[c] == 0 {
                    colour[c] = 1
                    stack.append((c, 0))
                }
            } else {
                colour[r] = 2
                stack.removeLast()
            }
        }
        // Reference-only cycles through the root's callees are covered above; rules unreachable from the root
        // are never run.
    }

    private static func reachesAcceptWithoutBytes(_ a: Automaton, nullable: [Bool]) -> Bool {
        var seen = [Bool](repeating: false, count: a.stateCount)
        var work: [Int32] = [a.start]
        seen[Int(a.start)] = true
        while let s = work.popLast() {
            if a.accepting[Int(s)] { return true }
            for e in a.refEdges[Int(s)] where nullable[Int(e.rule)] && !seen[Int(e.to)] {
                seen[Int(e.to)] = true
                work.append(e.to)
            }
        }
        return false
    }
}
