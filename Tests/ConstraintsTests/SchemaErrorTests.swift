import Constraints
import InferenceTypes
import Testing

/// Every schema Swiftlet cannot enforce, or that is invalid or unsatisfiable, is rejected at compile time with
/// the JSON pointer of the offending keyword — never compiled to something weaker.
@Suite struct SchemaErrorTests {
    struct Case: CustomStringConvertible, Sendable {
        var schema: String
        var pointer: String
        var kind: ConstraintError.Kind
        var description: String { schema }
    }

    static let cases: [Case] = [
        // Unsupported keywords, wherever they are.
        Case(schema: ##"{"type":"object","properties":{"age":{"type":"integer","multipleOf":5}}}"##,
             pointer: "/properties/age/multipleOf", kind: .unsupportedKeyword),
        Case(schema: ##"{"not":{"type":"string"}}"##, pointer: "/not", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","if":{"required":["a"]},"then":{"required":["b"]}}"##,
             pointer: "/if", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","patternProperties":{"^x":{"type":"string"}}}"##,
             pointer: "/patternProperties", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"array","items":{"type":"integer"},"uniqueItems":true}"##,
             pointer: "/uniqueItems", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"array","contains":{"const":1}}"##, pointer: "/contains", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","propertyNames":{"maxLength":3}}"##, pointer: "/propertyNames", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","minProperties":1}"##, pointer: "/minProperties", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","maxProperties":3}"##, pointer: "/maxProperties", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","dependentRequired":{"a":["b"]}}"##, pointer: "/dependentRequired", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","unevaluatedProperties":false}"##, pointer: "/unevaluatedProperties", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"array","items":{"anyOf":[{"type":"string"},{"type":"integer","else":{}}]}}"##,
             pointer: "/items/anyOf/1/else", kind: .unsupportedKeyword),
        Case(schema: ##"{"$defs":{"n":{"type":"object","properties":{"x":{"not":{}}}}},"$ref":"#/$defs/n"}"##,
             pointer: "/$defs/n/properties/x/not", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","properties":{"a/b":{"not":{}}}}"##, pointer: "/properties/a~1b/not", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"integer","exclusiveMinimum":true,"minimum":3}"##, pointer: "/exclusiveMinimum", kind: .unsupportedKeyword),
        // Formats.
        Case(schema: ##"{"type":"string","format":"hostname"}"##, pointer: "/format", kind: .unsupportedKeyword),
        Case(schema: ##"{"type":"object","properties":{"d":{"type":"string","format":"duration"}}}"##,
             pointer: "/properties/d/format", kind: .unsupportedKeyword),
        // References.
        Case(schema: ##"{"type":"object","properties":{"x":{"$ref":"#/$defs/missing"}}}"##,
             pointer: "/properties/x/$ref", kind: .invalidSchema),
        Case(schema: ##"{"$ref":"https://example.com/schema.json"}"##, pointer: "/$ref", kind: .unsupportedKeyword),
        Case(schema: ##"{"$ref":"#node","$defs":{"n":{"$anchor":"node"}}}"##, pointer: "/$ref", kind: .unsupportedKeyword),
        Case(schema: ##"{"anyOf":[{"$ref":"#"},{"type":"null"}]}"##, pointer: "", kind: .invalidSchema),
        // Invalid patterns.
        Case(schema: ##"{"type":"object","properties":{"code":{"type":"string","pattern":"(abc"}}}"##,
             pointer: "/properties/code/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"a{3,1}"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"(a)\\1"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"(?=a)b"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"\\bword"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"\\p{L}+"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"a**"}"##, pointer: "/pattern", kind: .invalidPattern),
        Case(schema: ##"{"type":"string","pattern":"^a{,3}$"}"##, pointer: "/pattern", kind: .invalidPattern),
        // Unsatisfiable.
        Case(schema: ##"{"type":"integer","minimum":10,"maximum":5}"##, pointer: "/minimum", kind: .unsatisfiable),
        Case(schema: ##"{"type":"number","exclusiveMinimum":1,"maximum":1}"##, pointer: "/exclusiveMinimum", kind: .unsatisfiable),
        Case(schema: ##"{"type":"integer","minimum":1.2,"maximum":1.8}"##, pointer: "/minimum", kind: .unsatisfiable),
        Case(schema: ##"{"type":"string","minLength":5,"maxLength":2}"##, pointer: "/minLength", kind: .unsatisfiable),
        Case(schema: ##"{"type":"array","minItems":4,"maxItems":1}"##, pointer: "/minItems", kind: .unsatisfiable),
        Case(schema: ##"{"type":"array","prefixItems":[{"type":"string"}],"items":false,"minItems":2}"##,
             pointer: "/minItems", kind: .unsatisfiable),
        Case(schema: ##"{"enum":[]}"##, pointer: "/enum", kind: .unsatisfiable),
        Case(schema: ##"{"type":"string","enum":[1,2]}"##, pointer: "/enum", kind: .unsatisfiable),
        Case(schema: ##"{"type":"string","maxLength":2,"const":"abc"}"##, pointer: "/const", kind: .unsatisfiable),
        Case(schema: ##"{"type":"object","properties":{"x":false},"required":["x"]}"##, pointer: "/properties/x", kind: .unsatisfiable),
        Case(schema: ##"{"type":"object","properties":{"a":{}},"required":["a","b"],"additionalProperties":false}"##,
             pointer: "/required/1", kind: .unsatisfiable),
        Case(schema: ##"{"type":"string","pattern":"^[0-9]+$","format":"email"}"##, pointer: "/format", kind: .unsatisfiable),
        Case(schema: ##"{"type":"object","properties":{"next":{"$ref":"#"}},"required":["next"]}"##, pointer: "", kind: .unsatisfiable),
        // Invalid schemas.
        Case(schema: ##"{"type":"strng"}"##, pointer: "/type", kind: .invalidSchema),
        Case(schema: ##"{"type":"object","properties":{"a":5}}"##, pointer: "/properties/a", kind: .invalidSchema),
        Case(schema: ##"{"type":"object","required":"a"}"##, pointer: "/required", kind: .invalidSchema),
        Case(schema: ##"{"type":"string","maxLength":-1}"##, pointer: "/maxLength", kind: .invalidSchema),
        Case(schema: ##"{"type":"integer","minimum":"3"}"##, pointer: "/minimum", kind: .invalidSchema),
        Case(schema: ##"[1,2]"##, pointer: "", kind: .invalidSchema),
        // Combinations that cannot be expressed.
        Case(schema: ##"{"oneOf":[{"type":"string"},{"type":"string","maxLength":3}]}"##, pointer: "/oneOf", kind: .unsupportedKeyword),
        Case(schema: ##"{"oneOf":[{"type":"object","properties":{"a":{"type":"string"}}},{"type":"object","properties":{"b":{"type":"string"}}}]}"##,
             pointer: "/oneOf", kind: .unsupportedKeyword),
        Case(schema: ##"{"allOf":[{"type":"string","pattern":"a"},{"type":"string","pattern":"b"}]}"##,
             pointer: "/allOf/1/pattern", kind: .unsupportedKeyword),
        Case(schema: ##"{"allOf":[{"type":"string"},{"type":"integer"}]}"##, pointer: "/allOf/1", kind: .unsatisfiable),
        // Limits.
        Case(schema: ##"{"type":"string","maxLength":100000}"##, pointer: "/maxLength", kind: .tooLarge),
    ]

    @Test(arguments: cases)
    func rejectedWithPointer(_ c: Case) throws {
        let schema = try JSONValue.parse(c.schema)
        do {
            let g = try ConstraintCompiler.compile(.jsonSchema(name: "t", schema: schema, strict: true))
            Issue.record("compiled instead of failing (\(g?.stateCount ?? 0) states)")
        } catch {
            #expect(error.pointer == c.pointer, "\(error)")
            #expect(error.kind == c.kind, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func uniqueItemsFalseAndAnnotationsAreAccepted() throws {
        let schema = try JSONValue.parse(
            ##"{"$schema":"https://json-schema.org/draft/2020-12/schema","title":"t","description":"d","type":"array","uniqueItems":false,"items":{"type":"integer","examples":[1],"default":0,"deprecated":false},"x-vendor":1}"##)
        _ = try ConstraintCompiler.compile(jsonSchema: schema)
    }

    @Test func oneOfWithProvablyDisjointBranchesCompiles() throws {
        for text in [
            ##"{"oneOf":[{"type":"string"},{"type":"integer"},{"type":"null"}]}"##,
            ##"{"oneOf":[{"const":"a"},{"enum":["b","c"]}]}"##,
            ##"{"oneOf":[{"type":"object","properties":{"k":{"const":1}},"required":["k"]},{"type":"object","properties":{"k":{"const":2}},"required":["k"]}]}"##,
            ##"{"oneOf":[{"type":"object","properties":{"cat":{}},"required":["cat"],"additionalProperties":false},{"type":"object","properties":{"dog":{}},"required":["dog"],"additionalProperties":false}]}"##,
        ] {
            _ = try ConstraintCompiler.compile(jsonSchema: try JSONValue.parse(text))
        }
    }

    @Test func hostileNestingIsAnErrorNotACrash() throws {
        var nested: JSONValue = ["type": "string"]
        for _ in 0..<200 { nested = ["type": "array", "items": nested] }
        do {
            _ = try ConstraintCompiler.compile(jsonSchema: nested)
            Issue.record("compiled")
        } catch {
            #expect(error.kind == .tooLarge, "\(error)")
        }
        let deepPattern = String(repeating: "(", count: 500) + "a" + String(repeating: ")", count: 500)
        do {
            _ = try ConstraintCompiler.compile(jsonSchema: .object([("type", "string"), ("pattern", .string(deepPattern))]))
            Issue.record("compiled")
        } catch {
            #expect(error.pointer == "/pattern", "\(error)")
        }
        let deepGrammar = "root ::= " + String(repeating: "(", count: 500) + "\"a\"" + String(repeating: ")", count: 500)
        do {
            _ = try ConstraintCompiler.compile(gbnf: deepGrammar)
            Issue.record("compiled")
        } catch {
            #expect(error.line == 1, "\(error)")
        }
    }

    @Test func errorDescriptionNamesThePointer() throws {
        let schema = try JSONValue.parse(##"{"properties":{"age":{"multipleOf":2}}}"##)
        do {
            _ = try ConstraintCompiler.compile(jsonSchema: schema)
            Issue.record("compiled")
        } catch {
            #expect(error.description.hasPrefix("at /properties/age/multipleOf: "))
        }
    }
}
