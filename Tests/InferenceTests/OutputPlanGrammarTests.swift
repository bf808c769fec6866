import Constraints
import Inference
import InferenceTypes
import OutputParsing
import Testing

/// Every kind of output plan lowers to a grammar that compiles (tool schemas, reasoning budgets, formats), and a
/// schema the compiler cannot enforce is refused rather than ignored.
@Suite struct OutputPlanGrammarTests {
    static let weather = ToolDefinition(name: "get_weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    @Test func everyPlanCompiles() throws {
        let reasoning = OutputPlan.Reasoning(tags: .think(startsInside: true), budget: 16)
        for syntax in ToolCallFormat.allCases {
            let calls = OutputPlan.ToolCalls(syntax: syntax, tools: [Self.weather], maxCalls: 1)
            let answers: [OutputPlan.Answer] = [
                .free, .text(excluding: [calls.opener]), .toolCalls(calls), .textThenToolCalls(calls),
                .format(.jsonObject), .formatOrToolCalls(.jsonSchema(name: nil, schema: ["type": "object"], strict: true), calls),
            ]
            for answer in answers {
                for r in [nil, reasoning] {
                    let plan = OutputPlan(reasoning: r, answer: answer)
                    if plan.isUnconstrained {
                        #expect(plan.constraintPlan().map { _ in true } == nil)
                        continue
                    }
                    let constraint = try #require(plan.constraintPlan())
                    #expect(throws: Never.self, "\(syntax) \(answer) \(String(describing: r))") { _ = try constraint.compile() }
                }
            }
        }
    }

    @Test func unenforceableToolSchemaIsRefused() {
        let bad = ToolDefinition(name: "f", parameters: ["type": "object", "properties": ["n": ["type": "number", "multipleOf": 0.3]]])
        let plan = OutputPlan(answer: .toolCalls(.init(syntax: .hermes, tools: [bad], maxCalls: nil)))
        #expect(throws: ConstraintError.self) { _ = try plan.constraintPlan()?.compile() }
    }
}
