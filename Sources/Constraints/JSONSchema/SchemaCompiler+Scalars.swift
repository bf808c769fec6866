import InferenceTypes

/// Numbers, strings and literal values (`enum`, `const`).
extension SchemaCompiler {
    /// One side of a numeric range.
    struct Bound {
        var value: DecimalBound
        var strict: Bool
        var number: Double
        var pointer: JSONPointer
    }

    /// The effective lower and upper bounds (the tighter of `minimum`/`exclusiveMinimum`, …).
    func numericBounds(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> (Bound?, Bound?) {
        func read(_ key: String, strict: Bool) throws(ConstraintError) -> Bound? {
            guard let v = schema[key] else { return nil }
            if case .bool = v {
                throw unsupported(
                    ptr.appending(key), "the draft-04 boolean form of \(key) is not supported; give the bound as a number")
            }
            guard let d = v.doubleValue, let b = DecimalBound(v) else {
                throw invalid(ptr.appending(key), "\(key) must be a finite number")
            }
            return Bound(value: b, strict: strict, number: d, pointer: ptr.appending(key))
        }
        let minimum = try read("minimum", strict: false)
        let exclusiveMinimum = try read("exclusiveMinimum", strict: true)
        let maximum = try read("maximum", strict: false)
        let exclusiveMaximum = try read("exclusiveMaximum", strict: true)
        var lower = minimum
        if let e = exclusiveMinimum, lower == nil || e.number >= lower?.number ?? 0 { lower = e }
        var upper = maximum
        if let e = exclusiveMaximum, upper == nil || e.number <= upper?.number ?? 0 { upper = e }
        if let lo = lower, let hi = upper {
            if lo.number > hi.number || (lo.number == hi.number && (lo.strict || hi.strict)) {
                throw unsatisfiable(
                    lo.pointer,
                    "\(lo.pointer.tokens.last ?? "minimum") \(JSONValue.formatDouble(lo.number)) leaves no room below "
                        + "\(hi.pointer.tokens.last ?? "maximum") \(JSONValue.formatDouble(hi.number))")
            }
        }
        return (lower, upper)
    }

    /// Integers or numbers within the schema's bounds.
    func numberExpr(_ schema: JSONValue, integer: Bool, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        let (lower, upper) = try numericBounds(schema, at: ptr)
        if lower == nil && upper == nil {
            return integer ? NumberRanges.integerSyntax(maxDigits: 18) : JSONText.freeNumber
        }
        let needed = max(lower?.value.intDigits.count ?? 0, upper?.value.intDigits.count ?? 0) + 1
        var parts: [GrammarExpr] = [
            integer
                ? NumberRanges.integerSyntax(maxDigits: max(18, needed))
                : NumberRanges.decimalSyntax(maxDigits: max(15, needed))
        ]
        if let lo = lower { parts.append(NumberRanges.lower(lo.value, strict: lo.strict)) }
        if let hi = upper { parts.append(NumberRanges.upper(hi.value, strict: hi.strict)) }
        var dfa = try ByteNFA.regularDFA(parts[0], stateLimit: Self.stateLimit)
        for p in parts.dropFirst() {
            dfa = try dfa.product(
                with: try ByteNFA.regularDFA(p, stateLimit: Self.stateLimit), subtract: false,
                stateLimit: Self.stateLimit)
        }
        if dfa.isEmptyLanguage {
            throw unsatisfiable(
                lower?.pointer ?? upper?.pointer ?? ptr,
                "no \(integer ? "integer" : "number") lies within the bounds")
        }
        return .dfa(dfa)
    }

    /// The content (between the quotes) of strings valid under the string keywords, as an expression.
    func stringContent(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        let (minLength, maxLength) = try lengthBounds(schema, at: ptr)
        if schema["pattern"] != nil || schema["format"] != nil, max(minLength, maxLength ?? 0) > Self.patternCountLimit {
            let key = minLength > Self.patternCountLimit ? "minLength" : "maxLength"
            throw ConstraintError(
                .tooLarge, pointer: ptr.appending(key).description,
                "\(key) above \(Self.patternCountLimit) together with pattern or format is not supported")
        }
        let bounded = minLength > 0 || maxLength != nil
        let lengthExpr: GrammarExpr = .rep(JSONText.stringChar, min: minLength, max: maxLength)
        var regexes: [(GrammarExpr, JSONPointer)] = []
        if let p = schema["pattern"] {
            guard case .string(let source) = p else { throw invalid(ptr.appending("pattern"), "pattern must be a string") }
            regexes.append((try RegexParser.parse(source, pointer: ptr.appending("pattern").description).jsonEncoded,
                            ptr.appending("pattern")))
        }
        if let f = schema["format"] {
            guard case .string(let name) = f else { throw invalid(ptr.appending("format"), "format must be a string") }
            guard let source = StringFormats.regex(for: name) else {
                throw unsupported(
                    ptr.appending("format"),
                    "format '\(name)' is not supported (supported: \(StringFormats.names.joined(separator: ", ")))")
            }
            regexes.append((try RegexParser.parse(source, pointer: ptr.appending("format").description).jsonEncoded,
                            ptr.appending("format")))
        }
        if regexes.isEmpty { return lengthExpr }
        let first = regexes[0]
        var dfa = try located(first.1) { () throws(ConstraintError) in
            try automaton(first.0, orError: unsatisfiable(first.1, "no string matches"))
        }
        for (e, p) in regexes.dropFirst() {
            dfa = try located(p) { () throws(ConstraintError) in
                try dfa.product(
                    with: try ByteNFA.regularDFA(e, stateLimit: Self.stateLimit), subtract: false,
                    stateLimit: Self.stateLimit)
            }
            if dfa.isEmptyLanguage { throw unsatisfiable(p, "no string matches both pattern and format") }
        }
        if bounded {
            let char = try ByteNFA.regularDFA(JSONText.stringChar, stateLimit: Self.stateLimit)
            dfa = try dfa.product(
                with: Automaton.repeated(char, min: minLength, max: maxLength), subtract: false,
                stateLimit: Self.stateLimit)
            if dfa.isEmptyLanguage {
                throw unsatisfiable(regexes[0].1, "no string matching it has a length within minLength/maxLength")
            }
        }
        return .dfa(dfa)
    }

    /// The automaton `build` makes; an error from it without a location (an automaton over the state or work
    /// budget) is placed at `ptr`.
    private func located(_ ptr: JSONPointer, _ build: () throws(ConstraintError) -> Automaton)
        throws(ConstraintError) -> Automaton
    {
        do {
            return try build()
        } catch {
            if error.pointer == nil, error.line == nil {
                throw ConstraintError(error.kind, pointer: ptr.description, error.message)
            }
            throw error
        }
    }

    /// `minLength` and `maxLength`, checked.
    func lengthBounds(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> (Int, Int?) {
        let minLength = try count(schema, "minLength", at: ptr) ?? 0
        let maxLength = try count(schema, "maxLength", at: ptr)
        if let maxLength, minLength > maxLength {
            throw unsatisfiable(
                ptr.appending("minLength"), "minLength \(minLength) is greater than maxLength \(maxLength)")
        }
        return (minLength, maxLength)
    }

    /// Length bounds above this use a shared character rule instead of copying the character automaton per
    /// position (keeps long bounds cheap to compile).
    static let inlineCountLimit = 64
    /// Largest length bound that may be combined with `pattern` or `format` (their intersection is built as an
    /// automaton whose size grows with the bound).
    static let patternCountLimit = 1000

    /// Strings valid under the string keywords.
    mutating func stringExpr(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        let (minLength, maxLength) = try lengthBounds(schema, at: ptr)
        if schema["pattern"] == nil, schema["format"] == nil, max(minLength, maxLength ?? 0) > Self.inlineCountLimit {
            if stringCharRule == nil { stringCharRule = grammar.add("char", JSONText.stringChar) }
            let char: GrammarExpr = .ref(stringCharRule ?? 0)
            return .seq([.literal("\""), .rep(char, min: minLength, max: maxLength), .literal("\"")])
        }
        return .seq([.literal("\""), try stringContent(schema, at: ptr), .literal("\"")])
    }

    // MARK: - enum / const

    /// Whether a literal value has JSON type `type`.
    static func value(_ v: JSONValue, hasType type: String) -> Bool {
        switch (type, v) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object):
            return true
        case ("number", .int), ("number", .double): return true
        case ("integer", .int): return true
        case ("integer", .double(let d)): return d.isFinite && d.rounded() == d
        default: return false
        }
    }

    /// Alternation of the allowed literal values, after filtering them by the other keywords.
    mutating func compileLiterals(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        var values: [JSONValue]
        let where_: JSONPointer
        if let e = schema["enum"] {
            guard case .array(let items) = e else { throw invalid(ptr.appending("enum"), "enum must be an array") }
            values = items
            where_ = ptr.appending("enum")
            if let c = schema["const"] { values = values.filter { $0 == c } }
        } else {
            values = [schema["const"] ?? .null]
            where_ = ptr.appending("const")
        }
        if schema["type"] != nil {
            let allowed = try types(of: schema, at: ptr)
            let withInteger = allowed.contains("number") ? allowed + ["integer"] : allowed
            values = values.filter { v in withInteger.contains { Self.value(v, hasType: $0) } }
        }
        let keys = Set(schema.objectValue?.map(\.key) ?? [])
        let structural = !keys.isDisjoint(with: SchemaKeywords.object.union(SchemaKeywords.array))
        var kept: [JSONValue] = []
        for v in values {
            switch v {
            case .object, .array:
                // Checking a structured literal against structural keywords is not implemented: drop it.
                if structural { continue }
            case .string(let s):
                if !(try stringLiteral(s, satisfies: schema, at: ptr)) { continue }
            case .int, .double:
                if !(try numberLiteral(v, satisfies: schema, at: ptr)) { continue }
            default: break
            }
            kept.append(v)
        }
        if kept.isEmpty {
            throw unsatisfiable(where_, "no value of \(where_.tokens.last ?? "enum") satisfies the schema's other keywords")
        }
        var seen: [[UInt8]] = []
        var branches: [GrammarExpr] = []
        for v in kept {
            let text = JSONText.serialize(v)
            if seen.contains(text) { continue }
            seen.append(text)
            branches.append(.bytes(text))
        }
        return branches.count == 1 ? branches[0] : .alt(branches)
    }

    private func stringLiteral(_ s: String, satisfies schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError)
        -> Bool
    {
        let keys = Set(schema.objectValue?.map(\.key) ?? [])
        if keys.isDisjoint(with: SchemaKeywords.string) { return true }
        let content = try stringContent(schema, at: ptr)
        let dfa = try ByteNFA.regularDFA(content, stateLimit: Self.stateLimit)
        let quoted = JSONText.quoted(s)
        return dfa.matches(Array(quoted.dropFirst().dropLast()))
    }

    private func numberLiteral(_ v: JSONValue, satisfies schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError)
        -> Bool
    {
        guard let x = v.doubleValue else { return false }
        let (lower, upper) = try numericBounds(schema, at: ptr)
        if let lo = lower, lo.strict ? !(x > lo.number) : !(x >= lo.number) { return false }
        if let hi = upper, hi.strict ? !(x < hi.number) : !(x <= hi.number) { return false }
        return true
    }
}
