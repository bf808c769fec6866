/// The grammar intermediate form every front end (JSON Schema, GBNF, patterns) compiles to: regular
/// expressions over bytes and code points, plus references to other rules (which make it context-free).
indirect enum GrammarExpr: Sendable {
    /// The empty string.
    case empty
    /// No string at all (an impossible branch).
    case nothing
    /// Exactly these bytes.
    case bytes([UInt8])
    /// One byte in `lo...hi` (raw bytes; used for UTF-8 building blocks).
    case byteRange(UInt8, UInt8)
    /// One code point of the set, UTF-8 encoded.
    case chars(CodePointSet)
    /// The rule with this index.
    case ref(Int)
    /// Each part in order.
    case seq([GrammarExpr])
    /// Any one of the branches.
    case alt([GrammarExpr])
    /// `min` to `max` repetitions (`max == nil`: unbounded).
    case rep(GrammarExpr, min: Int, max: Int?)
    /// Strings in both languages. Both sides must be free of rule references (regular).
    case intersect(GrammarExpr, GrammarExpr)
    /// Strings in the first language but not the second. Both sides must be free of rule references.
    case subtract(GrammarExpr, GrammarExpr)
    /// A prebuilt reference-free automaton (the result of an intersection computed once).
    case dfa(Automaton)

    /// The UTF-8 bytes of `text`.
    static func literal(_ text: String) -> GrammarExpr { .bytes(Array(text.utf8)) }

    /// Zero or one occurrence.
    static func optional(_ e: GrammarExpr) -> GrammarExpr { .rep(e, min: 0, max: 1) }

    /// One ASCII character class given as its members, e.g. `ascii("0123456789")`.
    static func ascii(_ members: String) -> GrammarExpr { .chars(CodePointSet(characters: members)) }

    /// One code point in `lo...hi`.
    static func range(_ lo: Character, _ hi: Character) -> GrammarExpr {
        let a = lo.unicodeScalars.first?.value ?? 0
        let b = hi.unicodeScalars.first?.value ?? 0
        return .chars(CodePointSet([a...b]))
    }

    /// Whether the expression mentions a rule (and so cannot be intersected or subtracted).
    var containsRef: Bool {
        switch self {
        case .ref: return true
        case .empty, .nothing, .bytes, .byteRange, .chars, .dfa: return false
        case .seq(let parts), .alt(let parts): return parts.contains { $0.containsRef }
        case .rep(let e, _, _): return e.containsRef
        case .intersect(let a, let b), .subtract(let a, let b): return a.containsRef || b.containsRef
        }
    }
}

/// One named rule of a grammar.
struct GrammarRule: Sendable {
    /// The rule's name (GBNF name, or a generated one for schemas).
    var name: String
    /// Its right-hand side.
    var expr: GrammarExpr
    /// Where it came from, for error messages (a JSON pointer for schemas).
    var origin: String?
    /// When set, a budgeted segment: the matcher lets it consume at most this many tokens, then lets it only
    /// finish (see ``ConstraintPlan/freeText(excluding:maxTokens:)``).
    var tokenBudget: Int? = nil
}

/// A whole grammar in intermediate form: rules that refer to each other by index, and the start rule.
struct GrammarDefinition: Sendable {
    var rules: [GrammarRule] = []
    var root: Int = 0

    /// Appends a rule and returns its index.
    mutating func add(_ name: String, _ expr: GrammarExpr, origin: String? = nil) -> Int {
        rules.append(GrammarRule(name: name, expr: expr, origin: origin))
        return rules.count - 1
    }
}
