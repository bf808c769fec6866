public import InferenceTypes

/// A composable description of what a sequence may generate, compiled to one ``CompiledGrammar``.
///
/// Plans combine the pieces a chat turn is made of — literal tags, free text, JSON per a schema, tool calls — so
/// that reasoning and tool-call formats can be enforced by the same matcher as `response_format`:
///
/// ```swift
/// // "<think>" reasoning (at most 512 tokens) "</think>" then an answer that is JSON per `schema`.
/// let plan = ConstraintPlan.sequence([
///     .literal("<think>"),
///     .freeText(excluding: ["</think>"], maxTokens: 512),
///     .literal("</think>"),
///     .jsonSchema(schema),
/// ])
/// let grammar = try plan.compile()
/// ```
///
/// A ``freeText(excluding:maxTokens:)`` segment with a token budget is how budget forcing works: once the
/// segment has consumed its budget (counted in tokens by the ``GrammarMatcher``), the matcher stops allowing free
/// text there, so the segment ends at its next possible end (after completing a UTF-8 character already begun)
/// and only what follows it in the plan — typically a closing literal — can come next. See the `BudgetedText`
/// article.
public indirect enum ConstraintPlan: Sendable {
    /// Exactly this text.
    case literal(String)
    /// Any text (valid UTF-8, any code points) that never contains one of `excluding` as a substring; at most
    /// `maxTokens` generated tokens when given (see the type's documentation). Empty strings in `excluding` are an
    /// error.
    case freeText(excluding: [String], maxTokens: Int?)
    /// Any text at all, until end of generation.
    case anyText
    /// JSON text valid against a JSON Schema (same subset and errors as `response_format`).
    case jsonSchema(JSONValue)
    /// Any JSON object (`response_format: json_object`).
    case anyJSONObject
    /// Any JSON value.
    case anyJSON
    /// A GBNF-like grammar (start rule `root`, see the `GrammarSyntax` article).
    case grammar(String)
    /// Each part in order.
    case sequence([ConstraintPlan])
    /// Exactly one of the branches (an empty list matches nothing and fails to compile at the root).
    case choice([ConstraintPlan])
    /// Zero or one occurrence.
    case optional(ConstraintPlan)
    /// `min` to `max` occurrences (`max == nil`: unbounded).
    case repeated(ConstraintPlan, min: Int, max: Int?)

    /// Free text with no excluded string and no budget (same as ``anyText``).
    public static var freeText: ConstraintPlan { .anyText }

    /// Compiles the plan. Errors from JSON schemas carry their pointer relative to that schema; errors from GBNF
    /// text carry line and column.
    public func compile() throws(ConstraintError) -> CompiledGrammar {
        var lowering = PlanLowering()
        let root = try lowering.lower(self)
        lowering.definition.root = lowering.definition.add("root", root)
        return try GrammarAssembler.assemble(lowering.definition)
    }
}
