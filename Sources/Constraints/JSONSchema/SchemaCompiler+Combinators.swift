import InferenceTypes

/// `anyOf`, `oneOf`, `allOf` and `$ref` with sibling keywords.
extension SchemaCompiler {
    /// Most nested merges before giving up (recursive `allOf`/`$ref` chains).
    static let maxMergeDepth = 24

    /// `anyOf` / `oneOf` (as an alternation; `oneOf` only when its branches provably exclude each other).
    mutating func compileUnion(_ schema: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> GrammarExpr {
        if schema["anyOf"] != nil && schema["oneOf"] != nil {
            throw unsupported(ptr.appending("oneOf"), "anyOf and oneOf in the same schema are not supported")
        }
        let key = schema["oneOf"] != nil ? "oneOf" : "anyOf"
        guard case .array(let branches) = schema[key] ?? .null, !branches.isEmpty else {
            throw invalid(ptr.appending(key), "\(key) must be a non-empty array of schemas")
        }
        let siblings: JSONValue? = hasConstraints(schema, excluding: [key]) ? .some(without(schema, [key])) : .none
        var exprs: [GrammarExpr] = []
        var effective: [JSONValue] = []
        for (i, b) in branches.enumerated() {
            let bp = ptr.appending(key).appending(i)
            if let siblings {
                let merged = try merge(siblings, try resolvedForMerge(b, at: bp), at: bp)
                effective.append(merged)
                exprs.append(try compile(merged, at: bp))
            } else {
                effective.append(try resolvedForMerge(b, at: bp))
                exprs.append(try compile(b, at: bp))
            }
        }
        if key == "oneOf" { try checkExclusive(effective, at: ptr.appending("oneOf")) }
        let live = exprs.filter { if case .nothing = $0 { return false } else { return true } }
        if live.isEmpty { throw unsatisfiable(ptr.appending(key), "no branch of \(key) allows a value") }
        return live.count == 1 ? live[0] : .alt(live)
    }

    /// `allOf` or `$ref` with siblings: merge everything into one schema, then compile it.
    mutating func compileMerged(of schema: JSONValue, removing key: String, with parts: [JSONValue], at ptr: JSONPointer)
        throws(ConstraintError) -> GrammarExpr
    {
        var merged = without(schema, [key])
        for (i, part) in parts.enumerated() {
            let pp = key == "$ref" ? ptr : ptr.appending(key).appending(i)
            let resolved = key == "$ref"
                ? try resolvedForMerge(.object([("$ref", part)]), at: ptr)
                : try resolvedForMerge(part, at: pp)
            merged = try merge(merged, resolved, at: pp)
        }
        mergeDepth += 1
        defer { mergeDepth -= 1 }
        guard mergeDepth <= Self.maxMergeDepth else {
            throw unsupported(ptr, "allOf/$ref combinations nest too deeply to merge")
        }
        return try compile(merged, at: ptr)
    }

    /// `schema` without the given keys and without annotations.
    func without(_ schema: JSONValue, _ keys: Set<String>) -> JSONValue {
        .object((schema.objectValue ?? []).filter { !keys.contains($0.key) && !SchemaKeywords.annotations.contains($0.key) })
    }

    /// Follows a top-level `$ref` (and folds a top-level `allOf`) so the schema's own keywords can be merged.
    func resolvedForMerge(_ schema: JSONValue, at ptr: JSONPointer, depth: Int = 0) throws(ConstraintError) -> JSONValue {
        guard depth <= Self.maxMergeDepth else { throw unsupported(ptr, "$ref/allOf chain too deep to merge") }
        guard case .object(let pairs) = schema else { return schema }
        try checkKeywords(pairs, at: ptr)
        var base = without(schema, ["$ref", "allOf"])
        if let ref = schema["$ref"] {
            let p = try refPointer(ref, at: ptr.appending("$ref"))
            let target = try resolvedForMerge(resolve(p) ?? .bool(false), at: p, depth: depth + 1)
            base = try merge(base, target, at: ptr)
        }
        if let all = schema["allOf"] {
            guard case .array(let subs) = all else { throw invalid(ptr.appending("allOf"), "allOf must be an array") }
            for (i, s) in subs.enumerated() {
                let sp = ptr.appending("allOf").appending(i)
                base = try merge(base, try resolvedForMerge(s, at: sp, depth: depth + 1), at: sp)
            }
        }
        return base
    }

    /// A schema equivalent to "valid against both" — or an error when the combination cannot be expressed.
    func merge(_ a: JSONValue, _ b: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> JSONValue {
        if case .bool(true) = a { return b }
        if case .bool(true) = b { return a }
        if case .bool(false) = a { return a }
        if case .bool(false) = b { return b }
        guard let pa = a.objectValue, let pb = b.objectValue else {
            throw invalid(ptr, "a schema must be an object or a boolean")
        }
        var out: [(String, JSONValue)] = []
        var keys: [String] = []
        for (k, _) in pa + pb where !keys.contains(k) && !SchemaKeywords.annotations.contains(k) { keys.append(k) }
        let objectKeys: Set<String> = ["properties", "additionalProperties"]
        for k in keys where !objectKeys.contains(k) {
            let va = a[k]
            let vb = b[k]
            guard let x = va, let y = vb else {
                out.append((k, va ?? vb ?? .null))
                continue
            }
            if x == y && k != "enum" {
                out.append((k, x))
                continue
            }
            switch k {
            case "type":
                let ta = try typeSet(x, at: ptr)
                let tb = try typeSet(y, at: ptr)
                var both: [JSONValue] = []
                for t in SchemaKeywords.typeNames where Self.typeIn(t, ta) && Self.typeIn(t, tb) {
                    both.append(.string(t))
                }
                if both.isEmpty { throw unsatisfiable(ptr, "allOf branches require incompatible types") }
                out.append((k, .array(both)))
            case "required":
                var names = x.arrayValue ?? []
                for n in y.arrayValue ?? [] where !names.contains(n) { names.append(n) }
                out.append((k, .array(names)))
            case "enum", "const":
                let xs = k == "enum" ? (x.arrayValue ?? []) : [x]
                let ys = k == "enum" ? (y.arrayValue ?? []) : [y]
                let common = xs.filter { ys.contains($0) }
                if common.isEmpty { throw unsatisfiable(ptr.appending(k), "allOf branches share no \(k) value") }
                out.append(k == "const" ? (k, common[0]) : (k, .array(common)))
            case "minimum", "exclusiveMinimum", "minLength", "minItems":
                out.append((k, (x.doubleValue ?? 0) >= (y.doubleValue ?? 0) ? x : y))
            case "maximum", "exclusiveMaximum", "maxLength", "maxItems":
                out.append((k, (x.doubleValue ?? 0) <= (y.doubleValue ?? 0) ? x : y))
            case "items", "additionalItems":
                out.append((k, .object([("allOf", .array([x, y]))])))
            default:
                throw unsupported(
                    ptr.appending(k), "cannot combine two different '\(k)' values (allOf, or $ref with siblings)")
            }
        }
        // Objects: a property is allowed only where both sides allow it.
        if pa.contains(where: { objectKeys.contains($0.key) }) || pb.contains(where: { objectKeys.contains($0.key) }) {
            let propsA = a["properties"]?.objectValue ?? []
            let propsB = b["properties"]?.objectValue ?? []
            let addA = a["additionalProperties"]
            let addB = b["additionalProperties"]
            var names: [String] = []
            for (n, _) in propsA + propsB where !names.contains(n) { names.append(n) }
            var props: [(String, JSONValue)] = []
            for n in names {
                let sa = propsA.first(where: { $0.key == n })?.value ?? addA ?? .bool(true)
                let sb = propsB.first(where: { $0.key == n })?.value ?? addB ?? .bool(true)
                if sa == sb { props.append((n, sa)); continue }
                if case .bool(true) = sa { props.append((n, sb)); continue }
                if case .bool(true) = sb { props.append((n, sa)); continue }
                if case .bool(false) = sa { props.append((n, .bool(false))); continue }
                if case .bool(false) = sb { props.append((n, .bool(false))); continue }
                props.append((n, .object([("allOf", .array([sa, sb]))])))
            }
            out.append(("properties", .object(props.map { (key: $0.0, value: $0.1) })))
            switch (addA, addB) {
            case (.none, .none): break
            case (let x?, .none): out.append(("additionalProperties", x))
            case (.none, let y?): out.append(("additionalProperties", y))
            case (let x?, let y?):
                out.append(("additionalProperties", x == y ? x : .object([("allOf", .array([x, y]))])))
            }
        }
        return .object(out.map { (key: $0.0, value: $0.1) })
    }

    /// The type names of a `type` value.
    private func typeSet(_ v: JSONValue, at ptr: JSONPointer) throws(ConstraintError) -> [String] {
        switch v {
        case .string(let s): return [s]
        case .array(let a): return a.compactMap(\.stringValue)
        default: throw invalid(ptr.appending("type"), "type must be a string or an array of strings")
        }
    }

    /// Whether type `t` is allowed by a list (`number` includes `integer`).
    private static func typeIn(_ t: String, _ list: [String]) -> Bool {
        list.contains(t) || (t == "integer" && list.contains("number"))
    }
}
