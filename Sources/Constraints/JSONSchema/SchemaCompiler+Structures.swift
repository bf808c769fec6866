import InferenceTypes

/// Objects and arrays.
extension SchemaCompiler {
    /// One property as the grammar emits it.
    private struct PropertySlot {
        var key: [UInt8]
        var value: GrammarExpr
        var required: Bool
    }

    /// Objects valid under `properties`, `required` and `additionalProperties`.
    ///
    /// Properties are emitted in schema order (required ones mandatory, optional ones skippable); additional
    /// properties, when allowed, come after them. `additionalProperties` defaults to `false` when `properties` or
    /// `required` is given (as in OpenAI/xAI strict mode); an object schema with none of the three allows any
    /// object.
    mutating func objectExpr(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        let propsValue = schema["properties"]
        let requiredValue = schema["required"]
        let additionalValue = schema["additionalProperties"]
        if propsValue == nil && requiredValue == nil && additionalValue == nil {
            _ = anyValue()
            return .ref(anyObjectRule ?? 0)
        }
        var declared: [(key: String, value: JSONValue)] = []
        if let p = propsValue {
            guard case .object(let o) = p else { throw invalid(ptr.appending("properties"), "properties must be an object") }
            declared = o
        }
        var required: [String] = []
        if let r = requiredValue {
            guard case .array(let items) = r else { throw invalid(ptr.appending("required"), "required must be an array") }
            for (i, item) in items.enumerated() {
                guard let s = item.stringValue else {
                    throw invalid(ptr.appending("required").appending(i), "required entries must be strings")
                }
                if !required.contains(s) { required.append(s) }
            }
        }
        // Additional properties: nil = not allowed.
        var additional: GrammarExpr?
        switch additionalValue {
        case .none, .bool(false)?: additional = nil
        case .bool(true)?: additional = anyValue()
        case .object?:
            let e = try compile(additionalValue ?? .null, at: ptr.appending("additionalProperties"))
            if case .nothing = e { additional = nil } else { additional = e }
        default: throw invalid(ptr.appending("additionalProperties"), "additionalProperties must be a boolean or a schema")
        }

        let rule = grammar.add("object\(ptr)", .nothing, origin: ptr.description)
        var slots: [PropertySlot] = []
        var knownKeys: [[UInt8]] = []
        for (name, sub) in declared {
            let key = JSONText.quoted(name)
            knownKeys.append(key)
            let value = try compile(sub, at: ptr.appending("properties").appending(name))
            let isRequired = required.contains(name)
            if case .nothing = value {
                if isRequired {
                    throw unsatisfiable(
                        ptr.appending("properties").appending(name),
                        "property '\(name)' is required but its schema allows no value")
                }
                continue
            }
            slots.append(PropertySlot(key: key, value: value, required: isRequired))
        }
        for (i, name) in required.enumerated() where !declared.contains(where: { $0.key == name }) {
            guard let additional else {
                throw unsatisfiable(
                    ptr.appending("required").appending(i),
                    "required property '\(name)' is not in properties and additionalProperties does not allow it")
            }
            let key = JSONText.quoted(name)
            knownKeys.append(key)
            slots.append(PropertySlot(key: key, value: additional, required: true))
        }

        var additionalMember: GrammarExpr?
        if let additional {
            let anyKey: GrammarExpr = .seq([.literal("\""), .rep(JSONText.canonicalChar, min: 0, max: nil), .literal("\"")])
            let keyExpr: GrammarExpr
            if knownKeys.isEmpty {
                keyExpr = anyKey
            } else {
                let dfa = try ByteNFA.regularDFA(anyKey, stateLimit: Self.stateLimit).product(
                    with: try ByteNFA.regularDFA(.alt(knownKeys.map { .bytes($0) }), stateLimit: Self.stateLimit),
                    subtract: true, stateLimit: Self.stateLimit)
                keyExpr = .dfa(dfa)
            }
            additionalMember = .seq([keyExpr, JSONText.ws, .literal(":"), JSONText.ws, additional, JSONText.ws])
        }

        var memo: [Int: Int] = [:]
        let body = members(from: 0, comma: false, slots, additionalMember, ptr: ptr, memo: &memo)
        grammar.rules[rule].expr = .seq([.literal("{"), JSONText.ws, body, .literal("}")])
        return .ref(rule)
    }

    /// Members from slot `i` on; `comma` says whether one must precede the next member.
    private mutating func members(
        from i: Int, comma: Bool, _ slots: [PropertySlot], _ additional: GrammarExpr?, ptr: JSONPointer,
        memo: inout [Int: Int]
    ) -> GrammarExpr {
        let sep: GrammarExpr = .seq([.literal(","), JSONText.ws])
        func member(_ s: PropertySlot) -> GrammarExpr {
            .seq([.bytes(s.key), JSONText.ws, .literal(":"), JSONText.ws, s.value, JSONText.ws])
        }
        if i == slots.count {
            guard let additional else { return .empty }
            let more: GrammarExpr = .rep(.seq([sep, additional]), min: 0, max: nil)
            return comma ? more : .optional(.seq([additional, more]))
        }
        // Only required members left and nothing after: a plain sequence.
        if additional == nil && slots[i...].allSatisfy(\.required) {
            var parts: [GrammarExpr] = []
            for (k, s) in slots[i...].enumerated() {
                if comma || k > 0 { parts.append(sep) }
                parts.append(member(s))
            }
            return .seq(parts)
        }
        let key = i * 2 + (comma ? 1 : 0)
        if let r = memo[key] { return .ref(r) }
        let r = grammar.add("members\(ptr)#\(i)\(comma ? "," : "")", .nothing, origin: ptr.description)
        memo[key] = r
        let slot = slots[i]
        let take: GrammarExpr = .seq([
            comma ? sep : .empty, member(slot),
            members(from: i + 1, comma: true, slots, additional, ptr: ptr, memo: &memo),
        ])
        if slot.required {
            grammar.rules[r].expr = take
        } else {
            let skip = members(from: i + 1, comma: comma, slots, additional, ptr: ptr, memo: &memo)
            grammar.rules[r].expr = .alt([take, skip])
        }
        return .ref(r)
    }

    /// Arrays valid under `prefixItems`, `items` (or draft-07 tuple `items` + `additionalItems`), `minItems` and
    /// `maxItems`.
    mutating func arrayExpr(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        var prefixSchemas: [(JSONValue, JSONPointer)] = []
        var restSchema: (JSONValue, JSONPointer) = (.bool(true), ptr)
        if let p = schema["prefixItems"] {
            guard case .array(let items) = p else { throw invalid(ptr.appending("prefixItems"), "prefixItems must be an array") }
            prefixSchemas = items.enumerated().map { ($0.element, ptr.appending("prefixItems").appending($0.offset)) }
            if let it = schema["items"] {
                if case .array = it { throw invalid(ptr.appending("items"), "items cannot be an array alongside prefixItems") }
                restSchema = (it, ptr.appending("items"))
            }
        } else if let it = schema["items"] {
            if case .array(let items) = it {
                prefixSchemas = items.enumerated().map { ($0.element, ptr.appending("items").appending($0.offset)) }
                restSchema = (schema["additionalItems"] ?? .bool(true), ptr.appending("additionalItems"))
            } else {
                restSchema = (it, ptr.appending("items"))
            }
        }
        let minItems = try count(schema, "minItems", at: ptr) ?? 0
        var maxItems = try count(schema, "maxItems", at: ptr)
        if let maxItems, minItems > maxItems {
            throw unsatisfiable(ptr.appending("minItems"), "minItems \(minItems) is greater than maxItems \(maxItems)")
        }

        let rule = grammar.add("array\(ptr)", .nothing, origin: ptr.description)
        var prefix: [GrammarExpr] = []
        for (s, p) in prefixSchemas {
            let e = try compile(s, at: p)
            if case .nothing = e {
                // No array can have an element here: the array ends before it.
                maxItems = min(maxItems ?? prefix.count, prefix.count)
                break
            }
            prefix.append(e)
        }
        var rest: GrammarExpr? = try compile(restSchema.0, at: restSchema.1)
        if case .nothing? = rest { rest = nil }
        let reachable = rest == nil ? prefix.count : Int.max
        if minItems > min(reachable, maxItems ?? Int.max) {
            throw unsatisfiable(ptr.appending("minItems"), "minItems \(minItems) cannot be reached by the allowed items")
        }
        // Bounded repetitions copy the repeated unit: make the item a rule first, and for long bounds the whole
        // ", item" unit.
        if let r = rest, maxItems != nil, (maxItems ?? 0) > 4 {
            if case .ref = r {} else {
                rest = .ref(grammar.add("item\(ptr)", r, origin: ptr.description))
            }
        }
        var unit: GrammarExpr?
        if let r = rest {
            unit = .seq([.literal(","), JSONText.ws, r, JSONText.ws])
            if max(minItems, maxItems ?? 0) > Self.inlineCountLimit, let u = unit {
                unit = .ref(grammar.add("element\(ptr)", u, origin: ptr.description))
            }
        }
        let body = elements(from: 0, prefix: prefix, rest: rest, unit: unit, min: minItems, max: maxItems)
        grammar.rules[rule].expr = .seq([.literal("["), JSONText.ws, body, .literal("]")])
        return .ref(rule)
    }

    /// Elements from position `i` on.
    private func elements(
        from i: Int, prefix: [GrammarExpr], rest: GrammarExpr?, unit: GrammarExpr?, min: Int, max: Int?
    ) -> GrammarExpr {
        let sep: GrammarExpr = .seq([.literal(","), JSONText.ws])
        if let max, i >= max { return .empty }
        if i < prefix.count {
            let e: GrammarExpr = .seq([i == 0 ? .empty : sep, prefix[i], JSONText.ws])
            let more: GrammarExpr = .seq([
                e, elements(from: i + 1, prefix: prefix, rest: rest, unit: unit, min: min, max: max),
            ])
            return i < min ? more : .optional(more)
        }
        guard let rest, let unit else { return .empty }
        let item: GrammarExpr = .seq([rest, JSONText.ws])
        let lo = Swift.max(0, min - i)
        let hi = max.map { $0 - i }
        if i == 0 {
            let tail: GrammarExpr = .rep(unit, min: Swift.max(0, lo - 1), max: hi.map { $0 - 1 })
            let some: GrammarExpr = .seq([item, tail])
            return lo == 0 ? .optional(some) : some
        }
        return .rep(unit, min: lo, max: hi)
    }
}
