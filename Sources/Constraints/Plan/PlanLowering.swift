import InferenceTypes

/// Lowers a ``ConstraintPlan`` to one ``GrammarDefinition``: sub-grammars (schemas, GBNF) are embedded with their
/// rule indices shifted; budgeted free text becomes a rule of its own with a token budget.
struct PlanLowering {
    var definition = GrammarDefinition()
    /// Most budgeted segments in one plan (the matcher tracks them in a 64-bit set).
    static let maxBudgetedSegments = 64
    private var budgeted = 0

    /// Any sequence of code points.
    static var anyText: GrammarExpr { .rep(.chars(.all), min: 0, max: nil) }

    mutating func lower(_ plan: ConstraintPlan) throws(ConstraintError) -> GrammarExpr {
        switch plan {
        case .literal(let text):
            return .literal(text)
        case .anyText:
            return Self.anyText
        case .freeText(let excluding, let maxTokens):
            return try freeText(excluding: excluding, maxTokens: maxTokens)
        case .jsonSchema(let schema):
            return embed(try SchemaCompiler.grammar(for: schema))
        case .anyJSONObject:
            return embed(SchemaCompiler.anyObjectGrammar())
        case .anyJSON:
            var c = SchemaCompiler(document: .object([]))
            let e = c.anyValue()
            c.grammar.root = c.grammar.add("json", e, origin: "")
            return embed(c.grammar)
        case .grammar(let text):
            return embed(try GBNFParser.parse(text))
        case .sequence(let parts):
            var out: [GrammarExpr] = []
            for p in parts { out.append(try lower(p)) }
            return .seq(out)
        case .choice(let branches):
            var out: [GrammarExpr] = []
            for b in branches { out.append(try lower(b)) }
            return out.isEmpty ? .nothing : .alt(out)
        case .optional(let inner):
            return .optional(try lower(inner))
        case .repeated(let inner, let min, let max):
            guard min >= 0, max.map({ $0 >= min }) ?? true else {
                throw ConstraintError(.grammarSyntax, "plan: repetition bounds {\(min),\(max.map(String.init) ?? "")} are invalid")
            }
            return .rep(try lower(inner), min: min, max: max)
        }
    }

    private mutating func freeText(excluding: [String], maxTokens: Int?) throws(ConstraintError) -> GrammarExpr {
        if excluding.contains(where: \.isEmpty) {
            throw ConstraintError(.grammarSyntax, "plan: free text cannot exclude the empty string")
        }
        var expr = Self.anyText
        if !excluding.isEmpty {
            let banned = GrammarExpr.seq([Self.anyText, .alt(excluding.map { .literal($0) }), Self.anyText])
            expr = .subtract(expr, banned)
        }
        guard let maxTokens else { return expr }
        guard maxTokens >= 0 else {
            throw ConstraintError(.grammarSyntax, "plan: a free-text token budget must be ≥ 0 (got \(maxTokens))")
        }
        guard budgeted < Self.maxBudgetedSegments else {
            throw ConstraintError(.tooLarge, "plan: more than \(Self.maxBudgetedSegments) budgeted free-text segments")
        }
        budgeted += 1
        let r = definition.add("budgeted_text_\(budgeted)", expr)
        definition.rules[r].tokenBudget = maxTokens
        return .ref(r)
    }

    /// Appends `sub`'s rules (references shifted) and returns a reference to its root.
    private mutating func embed(_ sub: GrammarDefinition) -> GrammarExpr {
        let offset = definition.rules.count
        for rule in sub.rules {
            var copy = rule
            copy.expr = rule.expr.shiftingRules(by: offset)
            definition.rules.append(copy)
        }
        return .ref(sub.root + offset)
    }
}

extension GrammarExpr {
    /// The same expression with every rule reference `r` replaced by `r + offset`.
    func shiftingRules(by offset: Int) -> GrammarExpr {
        if offset == 0 { return self }
        switch self {
        case .ref(let r): return .ref(r + offset)
        case .empty, .nothing, .bytes, .byteRange, .chars, .dfa: return self
        case .seq(let parts): return .seq(parts.map { $0.shiftingRules(by: offset) })
        case .alt(let parts): return .alt(parts.map { $0.shiftingRules(by: offset) })
        case .rep(let e, let min, let max): return .rep(e.shiftingRules(by: offset), min: min, max: max)
        case .intersect(let a, let b): return .intersect(a.shiftingRules(by: offset), b.shiftingRules(by: offset))
        case .subtract(let a, let b): return .subtract(a.shiftingRules(by: offset), b.shiftingRules(by: offset))
        }
    }
}
