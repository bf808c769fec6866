import OutputParsing
import Testing

/// What each delta returns: held-back text is not leaked, and arguments stream before the call ends.
@Suite struct StreamingTests {
    @Test func partialOpeningTagIsHeldThenReleased() {
        var parser = OutputParser(format: OutputFormat(reasoning: .think()))
        #expect(parser.feed("<thi") == [])
        #expect(parser.feed("s is not a tag") == [.content("<this is not a tag")])
        #expect(parser.finish() == [])
    }

    @Test func closingTagSplitAcrossDeltasNeverLeaks() {
        var parser = OutputParser(format: OutputFormat(reasoning: .think(startsInside: true)))
        #expect(parser.isInReasoning)
        #expect(parser.feed("Plan: add.\n</th") == [.reasoning("Plan: add.")])
        #expect(parser.feed("ink>\n\n4") == [.content("4")])
        #expect(!parser.isInReasoning)
        #expect(parser.feed(" apples") == [.content(" apples")])
        #expect(parser.finish() == [])
        #expect(parser.reasoningText == "Plan: add.")
    }

    @Test func toolCallOpenerIsHeldAndArgumentsStream() {
        var parser = OutputParser(format: OutputFormat(toolCalls: .hermes))
        #expect(parser.feed("Checking <tool_") == [.content("Checking ")])
        #expect(parser.feed("call>\n{\"name\": \"get_weather\", \"argu") == [.toolCallStart(index: 0, name: "get_weather")])
        #expect(parser.isInToolCall)
        #expect(parser.feed("ments\": {\"city\": \"Pa") == [.toolCallArguments(index: 0, delta: "{\"city\": \"Pa")])
        #expect(parser.feed("ris\", \"days\": 1") == [.toolCallArguments(index: 0, delta: "ris\"")])
        #expect(parser.feed("0}}\n</tool_call>") == [
            .toolCallArguments(index: 0, delta: ", \"days\": 10}"), .toolCallEnd(index: 0),
        ])
        #expect(!parser.isInToolCall)
        #expect(parser.toolCallCount == 1)
        #expect(parser.finish() == [])
    }

    @Test func llamaCallIsNotStartedBeforeItsArgumentsKey() {
        var parser = OutputParser(format: OutputFormat(toolCalls: .llama3JSON))
        #expect(parser.feed("{\"name\": \"f\", ") == [])
        #expect(parser.feed("\"parameters\": {\"a\"") == [
            .toolCallStart(index: 0, name: "f"), .toolCallArguments(index: 0, delta: "{"),
        ])
        #expect(parser.feed(": 1}}") == [.toolCallArguments(index: 0, delta: "\"a\": 1}"), .toolCallEnd(index: 0)])
    }

    @Test func cutCallIsClosedAtFinish() {
        var parser = OutputParser(format: OutputFormat(toolCalls: .mistral))
        #expect(parser.feed("[TOOL_CALLS]f[ARGS]{\"q\": \"abc") == [
            .toolCallStart(index: 0, name: "f"), .toolCallArguments(index: 0, delta: "{\"q\": \"abc"),
        ])
        #expect(parser.finish() == [.toolCallArguments(index: 0, delta: "\"}"), .toolCallEnd(index: 0)])
        #expect(parser.feed("more") == [])
    }

    @Test func plainFormatIsAPassThrough() {
        var parser = OutputParser(format: .plain)
        #expect(parser.feed("  <think>") == [.content("  <think>")])
        #expect(parser.feed("x") == [.content("x")])
        #expect(parser.finish() == [])
    }
}
