import InferenceTypes

/// Proving that `oneOf` branches exclude each other, so that treating `oneOf` as `anyOf` can never produce a
/// value that matches two branches (which a validator would reject).
///
/// Uses validation semantics (a branch without `type` accepts every type), and these sufficient conditions:
/// - the branches' possible JSON types do not overlap;
/// - both have `enum`/`const` with no value in common;
/// - both can only be objects, and a property required by one is forbidden by the other
///   (`false`, or absent under `additionalProperties: false`) or has a provably disjoint schema in the other
///   (a discriminator such as `"kind": {"const": "circle"}`).
extension SchemaCompiler {
    private static let allTypes: Set<String> = ["null", "boolean", "number", "string", "array", "object"]

    /// Throws when two branches might both accept some value.
    func checkExclusive(_ branches: [JSONValue], at ptr: JSONPointer) throws(ConstraintError) {
        for i in 0..<branches.count {
            for j in (i + 1)..<branches.count where !disjoint(branches[i], branches[j], depth: 0) {
                throw unsupported(
                    ptr,
                    "cannot prove oneOf branches \(i) and \(j) are mutually exclusive, so a generated value could match "
                        + "both; use anyOf, or give each branch a distinct type or a required discriminator property "
                        + "with a const value")
            }
        }
    }

    /// The JSON types a schema can accept under validation (integer folded into number).
    private func validationTypes(_ s: JSONValue, depth: Int) -> Set<String> {
        guard depth < 8 else { return Self.allTypes }
        switch s {
        case .bool(let b): return b ? Self.allTypes : []
        case .object: break
        default: return Self.allTypes
        }
        var result = Self.allTypes
        if let ref = s["$ref"], let p = try? refPointer(ref, at: .root), let target = resolve(p) {
            result.formIntersection(validationTypes(target, depth: depth + 1))
        }
        if let t = s["type"] {
            var names: Set<String> = []
            for n in (t.stringValue.map { [$0] } ?? t.arrayValue?.compactMap(\.stringValue) ?? []) {
                names.insert(n == "integer" ? "number" : n)
            }
            result.formIntersection(names)
        }
        if let values = literalValues(s) {
            result.formIntersection(Set(values.map { Self.foldedType($0) }))
        }
        for key in ["anyOf", "oneOf"] {
            if let bs = s[key]?.arrayValue {
                var u: Set<String> = []
                for b in bs { u.formUnion(validationTypes(b, depth: depth + 1)) }
                result.formIntersection(u)
            }
        }
        for b in s["allOf"]?.arrayValue ?? [] { result.formIntersection(validationTypes(b, depth: depth + 1)) }
        return result
    }

    private static func foldedType(_ v: JSONValue) -> String {
        switch v {
        case .null: return "null"
        case .bool: return "boolean"
        case .int, .double: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// The `enum`/`const` values of a schema (following one `$ref`), if it has any.
    private func literalValues(_ s: JSONValue) -> [JSONValue]? {
        var values: [JSONValue]?
        if let e = s["enum"]?.arrayValue { values = e }
        if let c = s["const"] { values = (values ?? [c]).filter { $0 == c } }
        if values == nil, let ref = s["$ref"], let p = try? refPointer(ref, at: .root), let target = resolve(p) {
            if target["$ref"] == nil { return literalValues(target) }
        }
        return values
    }

    /// Two literals a validator might consider equal (Python: `1 == 1.0`, and `True == 1`).
    private static func mayEqual(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if a == b { return true }
        switch (a, b) {
        case (.bool(let x), .int(let y)), (.int(let y), .bool(let x)): return (x ? 1 : 0) == y
        case (.bool(let x), .double(let y)), (.double(let y), .bool(let x)): return (x ? 1.0 : 0.0) == y
        default: return false
        }
    }

    /// Whether no value can validate against both schemas (sufficient conditions only).
    private func disjoint(_ a: JSONValue, _ b: JSONValue, depth: Int) -> Bool {
        guard depth < 6 else { return false }
        let ta = validationTypes(a, depth: 0)
        let tb = validationTypes(b, depth: 0)
        if ta.isDisjoint(with: tb) { return true }
        if let la = literalValues(a), let lb = literalValues(b) {
            if !la.contains(where: { x in lb.contains { Self.mayEqual(x, $0) } }) { return true }
        }
        if ta.intersection(tb) == ["object"] {
            return excludesByProperty(a, b, depth: depth) || excludesByProperty(b, a, depth: depth)
        }
        return false
    }

    /// Whether every object valid against `a` has a required property that `b` rejects.
    private func excludesByProperty(_ a: JSONValue, _ b: JSONValue, depth: Int) -> Bool {
        let required = a["required"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let propsA = a["properties"]?.objectValue ?? []
        let propsB = b["properties"]?.objectValue ?? []
        for name in required {
            let sa = propsA.first(where: { $0.key == name })?.value ?? .bool(true)
            if let sb = propsB.first(where: { $0.key == name })?.value {
                if case .bool(false) = sb { return true }
                if disjoint(sa, sb, depth: depth + 1) { return true }
            } else if case .bool(false)? = b["additionalProperties"] {
                return true
            }
        }
        return false
    }
}
