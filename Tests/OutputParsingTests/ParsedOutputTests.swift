import OutputParsing
import Testing

@Suite struct ParsedOutputTests {
    @Test func foldJoinsTextAndCallsByIndex() {
        let fold = ParsedOutput(events: [
            .reasoning("a"), .reasoning("b"), .content("x"),
            .toolCallStart(index: 0, name: "f"), .toolCallArguments(index: 0, delta: "{\"a\""),
            .toolCallArguments(index: 0, delta: ":1}"), .toolCallEnd(index: 0),
            .toolCallStart(index: 1, name: "g"), .toolCallArguments(index: 1, delta: "{}"),
        ])
        #expect(fold.reasoning == "ab")
        #expect(fold.content == "x")
        #expect(fold.calls == [
            ParsedOutput.Call(name: "f", arguments: "{\"a\":1}"),
            ParsedOutput.Call(name: "g", arguments: "{}", ended: false),
        ])
    }
}
