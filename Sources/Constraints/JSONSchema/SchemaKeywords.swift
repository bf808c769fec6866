/// How the schema compiler treats each JSON Schema keyword.
enum SchemaKeywords {
    /// Keywords with no effect on validity (ignored).
    static let annotations: Set<String> = [
        "title", "description", "default", "examples", "example", "$comment", "deprecated", "readOnly",
        "writeOnly", "$schema", "$id", "$anchor", "$vocabulary", "contentMediaType", "contentEncoding",
        "contentSchema", "$defs", "definitions", "discriminator", "nullable", "externalDocs", "xml",
    ]

    /// Validation keywords Swiftlet cannot enforce: a schema using one is rejected (HTTP 400), never run
    /// unconstrained. (`uniqueItems: false` is accepted: it constrains nothing.)
    static let unsupported: Set<String> = [
        "not", "if", "then", "else", "patternProperties", "propertyNames", "dependentRequired",
        "dependentSchemas", "dependencies", "unevaluatedProperties", "unevaluatedItems", "contains", "minContains",
        "maxContains", "minProperties", "maxProperties", "multipleOf", "$dynamicRef", "$dynamicAnchor",
        "$recursiveRef", "$recursiveAnchor", "disallow", "extends", "divisibleBy",
    ]

    static let object: Set<String> = ["properties", "required", "additionalProperties"]
    static let array: Set<String> = ["items", "prefixItems", "additionalItems", "minItems", "maxItems"]
    static let string: Set<String> = ["minLength", "maxLength", "pattern", "format"]
    static let number: Set<String> = ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"]
    static let combinators: Set<String> = ["anyOf", "oneOf", "allOf", "$ref"]
    static let typeAndValues: Set<String> = ["type", "enum", "const"]

    /// Every keyword that constrains a value and that Swiftlet enforces.
    static let constraining: Set<String> = object.union(array).union(string).union(number).union(combinators)
        .union(typeAndValues)

    /// The JSON types, in the order `type: [...]` alternatives are emitted when inferred.
    static let typeNames = ["null", "boolean", "integer", "number", "string", "array", "object"]
}
