import InferenceTypes

/// Shorthands for JSON Schema (draft 2020-12, as OpenAPI 3.1 uses it) written as ``JSONValue``s.
enum Schema {
    static let string: JSONValue = ["type": "string"]
    static let integer: JSONValue = ["type": "integer"]
    static let number: JSONValue = ["type": "number"]
    static let boolean: JSONValue = ["type": "boolean"]
    /// Any JSON value.
    static let any: JSONValue = [:]

    static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    static func array(_ items: JSONValue) -> JSONValue { ["type": "array", "items": items] }
    static func nullable(_ schema: JSONValue) -> JSONValue { ["anyOf": [schema, ["type": "null"]]] }
    static func oneOf(_ schemas: JSONValue...) -> JSONValue { ["anyOf": .array(schemas)] }
    static func enumeration(_ values: String...) -> JSONValue { ["type": "string", "enum": .array(values.map(JSONValue.string))] }
    static func integer(_ range: ClosedRange<Int>) -> JSONValue {
        ["type": "integer", "minimum": .int(Int64(range.lowerBound)), "maximum": .int(Int64(range.upperBound))]
    }
    static func number(_ range: ClosedRange<Double>) -> JSONValue {
        ["type": "number", "minimum": .double(range.lowerBound), "maximum": .double(range.upperBound)]
    }

    /// An object with these properties, of which `required` must be present; other members are allowed (the APIs
    /// accept and ignore fields they do not use, as OpenAI's and Anthropic's do).
    static func object(_ properties: KeyValuePairs<String, JSONValue>, required: [String] = []) -> JSONValue {
        var members: [(String, JSONValue)] = [("type", "object"), ("properties", .makeObject(properties.map { ($0.key, $0.value) }))]
        if !required.isEmpty { members.append(("required", .array(required.map(JSONValue.string)))) }
        return .makeObject(members)
    }
}
