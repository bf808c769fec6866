import Constraints
import InferenceTypes

extension OutputPlan {
    /// The compiled grammar the engine enforces, or nil when nothing is constrained.
    ///
    /// A plain response format compiles through `ResponseFormat.compiledGrammar()` (its errors name `response_format`
    /// / `grammar`); anything with reasoning or tools is compiled as one plan, and a tool schema that cannot be
    /// enforced is a 400 naming `tools`.
    func compiledGrammar(hasTools: Bool) throws(InferenceError) -> CompiledGrammar? {
        if reasoning == nil, case .format(let format) = answer { return try format.compiledGrammar() }
        guard let constraint = constraintPlan() else { return nil }
        do {
            return try constraint.compile()
        } catch {
            throw .invalidRequest(parameter: hasTools ? "tools" : "response_format",
                message: "cannot enforce this output: \(error.description)")
        }
    }
}

extension ResponseFormat {
    /// The compiled grammar of a response format (nil for plain text). A schema or grammar that cannot be enforced
    /// is the client's error: `invalidRequest` naming the field, with the JSON pointer (schemas) or line and column
    /// (grammars) in the message, e.g. `at /properties/age/multipleOf: …`.
    func compiledGrammar() throws(InferenceError) -> CompiledGrammar? {
        do {
            return try ConstraintCompiler.compile(self)
        } catch {
            if case .grammar = self {
                throw .invalidRequest(parameter: "grammar", message: error.description)
            }
            throw .invalidRequest(parameter: "response_format", message: "JSON schema \(error.description)")
        }
    }
}
