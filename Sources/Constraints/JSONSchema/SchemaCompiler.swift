import InferenceTypes

/// Compiles a JSON Schema (the subset listed in Constraints.docc/JSONSchemaSupport.md) to a grammar whose sentences are JSON texts
/// that validate against the schema.
///
/// Guarantees: every keyword either shapes the grammar or is an annotation; anything else is a
/// ``ConstraintError`` naming its JSON pointer. The generated language may be narrower than the schema's
/// (properties come in schema order; whitespace is bounded; numbers have bounded digits), never wider.
struct SchemaCompiler {
    /// The whole schema document (for `$ref` resolution).
    let document: JSONValue
    var grammar = GrammarDefinition()
    /// Rule per `$ref` target pointer.
    var refRules: [String: Int] = [:]
    /// Rules of the free-form JSON value grammar, created on first use.
    var anyValueRule: Int?
    var anyObjectRule: Int?
    /// Rule for one free string character (used for long length bounds), created on first use.
    var stringCharRule: Int?
    /// Nesting of schema merges (guards against runaway recursion through `allOf`/`$ref`).
    var mergeDepth = 0
    /// Current nesting of `compile` calls (bounded so hostile schemas cannot exhaust the stack).
    var nesting = 0
    /// Most nested subschemas.
    static let maxNesting = 64

    /// Limit on `maxLength`, `minLength`, `maxItems`, `minItems` (each unit costs automaton states).
    static let maxCountBound = 10_000
    /// Automaton state budget for one schema.
    static let stateLimit = GrammarAssembler.defaultStateLimit

    init(document: JSONValue) { self.document = document }

    /// A grammar for JSON texts valid against `schema`.
    static func grammar(for schema: JSONValue) throws(ConstraintError) -> GrammarDefinition {
        var c = SchemaCompiler(document: schema)
        let e = try c.compile(schema, at: .root)
        c.grammar.root = c.grammar.add("root", e, origin: "")
        return c.grammar
    }

    /// A grammar for any JSON object (`response_format: json_object`).
    static func anyObjectGrammar() -> GrammarDefinition {
        var c = SchemaCompiler(document: .object([]))
        _ = c.anyValue()
        let obj = c.anyObjectRule ?? 0
        c.grammar.root = c.grammar.add("root", .ref(obj), origin: "")
        return c.grammar
    }

    // MARK: - Errors

    func invalid(_ ptr: JSONPointer, _ message: String) -> ConstraintError {
        ConstraintError(.invalidSchema, pointer: ptr.description, message)
    }

    func unsupported(_ ptr: JSONPointer, _ message: String) -> ConstraintError {
        ConstraintError(.unsupportedKeyword, pointer: ptr.description, message)
    }

    func unsatisfiable(_ ptr: JSONPointer, _ message: String) -> ConstraintError {
        ConstraintError(.unsatisfiable, pointer: ptr.description, message)
    }

    // MARK: - Free-form JSON

    /// The rule for any JSON value (created on first use).
    mutating func anyValue() -> GrammarExpr {
        if let r = anyValueRule { return .ref(r) }
        let value = grammar.add("value", .nothing)
        let object = grammar.add("object", .nothing)
        let array = grammar.add("array", .nothing)
        anyValueRule = value
        anyObjectRule = object
        let ws = JSONText.ws
        let member: GrammarExpr = .seq([JSONText.freeString, ws, .literal(":"), ws, .ref(value), ws])
        grammar.rules[object].expr = .seq([
            .literal("{"), ws,
            .optional(.seq([member, .rep(.seq([.literal(","), ws, member]), min: 0, max: nil)])),
            .literal("}"),
        ])
        let element: GrammarExpr = .seq([.ref(value), ws])
        grammar.rules[array].expr = .seq([
            .literal("["), ws,
            .optional(.seq([element, .rep(.seq([.literal(","), ws, element]), min: 0, max: nil)])),
            .literal("]"),
        ])
        grammar.rules[value].expr = .alt([
            .ref(object), .ref(array), JSONText.freeString, JSONText.freeNumber,
            .literal("true"), .literal("false"), .literal("null"),
        ])
        return .ref(value)
    }

    // MARK: - Schemas

    /// The expression for values valid against `schema`, located at `ptr`.
    mutating func compile(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else {
            throw ConstraintError(.tooLarge, pointer: ptr.description, "schema nested deeper than \(Self.maxNesting) levels")
        }
        let pairs: [(key: String, value: JSONValue)]
        switch schema {
        case .bool(true): return anyValue()
        case .bool(false): return .nothing
        case .object(let o): pairs = o
        default: throw invalid(ptr, "a schema must be an object or a boolean, got \(schema.typeName)")
        }
        try checkKeywords(pairs, at: ptr)

        if let ref = schema["$ref"] {
            if hasConstraints(schema, excluding: ["$ref"]) {
                return try compileMerged(of: schema, removing: "$ref", with: [ref], at: ptr)
            }
            return try refExpr(ref, at: ptr.appending("$ref"))
        }
        if let all = schema["allOf"] {
            guard case .array(let subs) = all, !subs.isEmpty else {
                throw invalid(ptr.appending("allOf"), "allOf must be a non-empty array of schemas")
            }
            if subs.count == 1 && !hasConstraints(schema, excluding: ["allOf"]) {
                return try compile(subs[0], at: ptr.appending("allOf").appending(0))
            }
            return try compileMerged(of: schema, removing: "allOf", with: subs, at: ptr)
        }
        if schema["anyOf"] != nil || schema["oneOf"] != nil {
            return try compileUnion(schema, at: ptr)
        }
        if schema["enum"] != nil || schema["const"] != nil {
            return try compileLiterals(schema, at: ptr)
        }
        var branches: [GrammarExpr] = []
        for t in try types(of: schema, at: ptr) {
            let e = try typeExpr(t, schema, at: ptr)
            if case .nothing = e { continue }
            branches.append(e)
        }
        if branches.isEmpty { throw unsatisfiable(ptr, "no value satisfies this schema") }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    /// Rejects keywords that cannot be enforced, and checks `uniqueItems`.
    func checkKeywords(_ pairs: [(key: String, value: JSONValue)], at ptr: JSONPointer) throws(ConstraintError) {
        for (k, v) in pairs {
            if SchemaKeywords.unsupported.contains(k) {
                throw unsupported(
                    ptr.appending(k),
                    "keyword '\(k)' is not supported; Swiftlet rejects schemas it cannot enforce rather than ignore them")
            }
            if k == "uniqueItems" {
                guard case .bool(let b) = v else { throw invalid(ptr.appending(k), "uniqueItems must be a boolean") }
                if b {
                    throw unsupported(
                        ptr.appending(k), "keyword 'uniqueItems: true' is not supported (it cannot be enforced token by token)")
                }
            }
        }
    }

    /// Whether `schema` has constraining keywords other than `excluding`.
    func hasConstraints(_ schema: JSONValue, excluding: Set<String>) -> Bool {
        guard let pairs = schema.objectValue else { return false }
        return pairs.contains { SchemaKeywords.constraining.contains($0.key) && !excluding.contains($0.key) }
    }

    /// The value at a JSON pointer of the document.
    func resolve(_ pointer: JSONPointer) -> JSONValue? {
        var cur = document
        for t in pointer.tokens {
            switch cur {
            case .object: guard let next = cur[t] else { return nil }; cur = next
            case .array(let a):
                guard let i = Int(t), i >= 0, i < a.count, String(i) == t else { return nil }
                cur = a[i]
            default: return nil
            }
        }
        return cur
    }

    /// Parses a `$ref` value into a local pointer.
    func refPointer(_ ref: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> JSONPointer {
        guard case .string(let s) = ref else { throw invalid(ptr, "$ref must be a string") }
        guard let p = JSONPointer(fragment: s) else {
            if s.hasPrefix("#") {
                throw unsupported(ptr, "$ref '\(s)' uses an anchor; only local JSON pointers ('#/$defs/name') are supported")
            }
            throw unsupported(ptr, "$ref '\(s)' is not local; only '#…' references into the same schema are supported")
        }
        guard resolve(p) != nil else { throw invalid(ptr, "$ref '\(s)' points to nothing in this schema") }
        return p
    }

    /// A reference to the rule of a `$ref` target (compiled once; recursion allowed).
    mutating func refExpr(_ ref: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        let p = try refPointer(ref, at: ptr)
        let key = p.description
        if let r = refRules[key] { return .ref(r) }
        let target = resolve(p) ?? .bool(false)
        let r = grammar.add("ref:\(key)", .nothing, origin: key)
        refRules[key] = r
        grammar.rules[r].expr = try compile(target, at: p)
        return .ref(r)
    }

    /// The JSON types a schema allows, in emission order (explicit `type`, else inferred from its keywords, else
    /// all types). `integer` is dropped when `number` is present.
    func types(of schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> [String] {
        var list: [String] = []
        if let t = schema["type"] {
            switch t {
            case .string(let s): list = [s]
            case .array(let items):
                for (i, item) in items.enumerated() {
                    guard let s = item.stringValue else {
                        throw invalid(ptr.appending("type").appending(i), "type names must be strings")
                    }
                    if !list.contains(s) { list.append(s) }
                }
            default: throw invalid(ptr.appending("type"), "type must be a string or an array of strings")
            }
            for s in list where !SchemaKeywords.typeNames.contains(s) {
                throw invalid(ptr.appending("type"), "unknown type '\(s)'")
            }
            if list.isEmpty { throw unsatisfiable(ptr.appending("type"), "an empty type list allows no value") }
        } else {
            let keys = Set(schema.objectValue?.map(\.key) ?? [])
            if !keys.isDisjoint(with: SchemaKeywords.object) { list.append("object") }
            if !keys.isDisjoint(with: SchemaKeywords.array) { list.append("array") }
            if !keys.isDisjoint(with: SchemaKeywords.string) { list.append("string") }
            if !keys.isDisjoint(with: SchemaKeywords.number) { list.append("number") }
            if list.isEmpty { list = SchemaKeywords.typeNames }
        }
        if list.contains("number") { list.removeAll { $0 == "integer" } }
        return list
    }

    /// The expression for one JSON type under the schema's keywords.
    mutating func typeExpr(_ type: String, _ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError)
        -> GrammarExpr
    {
        switch type {
        case "null": return .literal("null")
        case "boolean": return .alt([.literal("true"), .literal("false")])
        case "integer": return try numberExpr(schema, integer: true, at: ptr)
        case "number": return try numberExpr(schema, integer: false, at: ptr)
        case "string": return try stringExpr(schema, at: ptr)
        case "array": return try arrayExpr(schema, at: ptr)
        case "object": return try objectExpr(schema, at: ptr)
        default: throw invalid(ptr.appending("type"), "unknown type '\(type)'")
        }
    }

    /// A non-negative integer keyword value (`minLength`, `maxItems`, …), bounded by `maxCountBound`.
    func count(_ schema: JSONValue, _ key: String, at ptr: JSONPointer) throws(ConstraintError) -> Int? {
        guard let v = schema[key] else { return nil }
        guard let i = v.intValue, i >= 0 else {
            throw invalid(ptr.appending(key), "\(key) must be a non-negative integer")
        }
        guard i <= Self.maxCountBound else {
            throw ConstraintError(
                .tooLarge, pointer: ptr.appending(key).description,
                "\(key) \(i) is above the enforceable limit of \(Self.maxCountBound)")
        }
        return Int(i)
    }

    /// A reference-free expression as a trimmed automaton, or an error when it matches nothing.
    func automaton(_ e: GrammarExpr, orError error: ConstraintError) throws(ConstraintError) -> Automaton {
        let dfa = try ByteNFA.regularDFA(e, stateLimit: Self.stateLimit)
        if dfa.isEmptyLanguage { throw error }
        return dfa
    }
}
