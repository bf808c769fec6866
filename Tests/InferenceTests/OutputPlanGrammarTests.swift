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

    /// Whether `grammar` accepts `text` byte by byte, and whether it is then complete.
    static func accepts(_ grammar: CompiledGrammar, _ text: String) -> (accepted: Bool, complete: Bool) {
        let bytes: [[UInt8]] = [Array("<end>".utf8)] + (0...255).map { [UInt8($0)] }
        let vocabulary = ConstraintVocabulary(
            TokenVocabulary(tokenBytes: bytes, specialTokens: [], endOfGenerationTokens: [0]))
        var m = GrammarMatcher(grammar: grammar, vocabulary: vocabulary)
        let ok = m.accept(bytes: Array(text.utf8))
        return (ok, ok && m.isComplete)
    }

    @Test func aParagraphTraceEndsAtItsFirstBlankLineAndItsAnswerMayHoldMore() throws {
        let paragraph = OutputPlan(reasoning: .init(tags: .paragraph, budget: 64, isNative: false), answer: .free)
        let g = try #require(paragraph.constraintPlan()).compile()
        #expect(Self.accepts(g, "2 + 2 = 4.\n\nThe answer is 4.\n\nFour.") == (true, true))
        #expect(Self.accepts(g, "Two and two.\nThat is 4.\n\n\n4") == (true, true))
        #expect(Self.accepts(g, "2 + 2 = 4.\n\n").complete == false)  // an answer must follow
        #expect(Self.accepts(g, "2 + 2 = 4.\n\n<think>").accepted == false)  // and start visibly, not with `<`
        // With think tags the answer may not repeat the closing tag.
        let tags = OutputPlan(reasoning: .init(tags: .think(startsInside: true), budget: 64, isNative: false), answer: .free)
        let t = try #require(tags.constraintPlan()).compile()
        #expect(Self.accepts(t, "a</think>b\n\nc") == (true, true))
        #expect(Self.accepts(t, "a</think>b</think>").accepted == false)
    }

    @Test func unenforceableToolSchemaIsRefused() {
        let bad = ToolDefinition(name: "f", parameters: ["type": "object", "properties": ["n": ["type": "number", "multipleOf": 0.3]]])
        let plan = OutputPlan(answer: .toolCalls(.init(syntax: .hermes, tools: [bad], maxCalls: nil)))
        #expect(throws: ConstraintError.self) { _ = try plan.constraintPlan()?.compile() }
    }
}
