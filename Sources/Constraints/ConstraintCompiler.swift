public import InferenceTypes

/// Turns a request's `ResponseFormat` into a ``CompiledGrammar``, or fails with a ``ConstraintError`` (HTTP 400).
///
/// Never fails open: a schema is either compiled to a grammar that enforces every validation keyword in it, or
/// rejected with the JSON pointer of the keyword that cannot be enforced.
public enum ConstraintCompiler {
    /// The grammar for a response format; `nil` for `.text` (no constraint).
    ///
    /// - `.jsonObject`: any JSON object.
    /// - `.jsonSchema`: JSON valid against the schema (see the `JSONSchemaSupport` article). `strict` does not
    ///   change enforcement: Swiftlet always enforces the whole schema or rejects it.
    /// - `.grammar`: Swiftlet's GBNF-like syntax (see the `GrammarSyntax` article).
    public static func compile(_ format: ResponseFormat) throws(ConstraintError) -> CompiledGrammar? {
        switch format {
        case .text: return nil
        case .jsonObject: return anyJSONObject()
        case .jsonSchema(_, let schema, _): return try compile(jsonSchema: schema)
        case .grammar(let text): return try compile(gbnf: text)
        }
    }

    /// The grammar of JSON texts valid against `schema`.
    public static func compile(jsonSchema schema: JSONValue) throws(ConstraintError) -> CompiledGrammar {
        try GrammarAssembler.assemble(try SchemaCompiler.grammar(for: schema))
    }

    /// The grammar of any JSON object.
    public static func anyJSONObject() -> CompiledGrammar {
        do {
            return try GrammarAssembler.assemble(SchemaCompiler.anyObjectGrammar())
        } catch {
            preconditionFailure("the built-in JSON object grammar failed to compile: \(error)")
        }
    }

    /// The grammar of a GBNF-like grammar text (start rule `root`).
    public static func compile(gbnf text: String) throws(ConstraintError) -> CompiledGrammar {
        try GrammarAssembler.assemble(try GBNFParser.parse(text))
    }
}
