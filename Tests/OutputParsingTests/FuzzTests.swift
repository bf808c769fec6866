import OutputParsing
import Testing

/// Random splits of every table case must fold to the table's expected value.
@Suite struct FuzzTests {
    static var allCases: [ParserCase] {
        ReasoningTableTests.cases + HermesTableTests.cases + Llama3TableTests.cases + MistralTableTests.cases
    }

    @Test func randomSplitsOfRandomCases() {
        var rng = SplitMix64(state: 0x5EED_0007)
        let cases = Self.allCases
        for _ in 0..<3000 {
            let row = cases[Int(rng.next() % UInt64(cases.count))]
            let count = row.text.unicodeScalars.count
            let cutCount = Int(rng.next() % 6)
            let cuts = (0..<cutCount).map { _ in count == 0 ? 0 : Int(rng.next() % UInt64(count + 1)) }
            let fold = parse(row.format, pieces(of: row.text, cuts: cuts))
            if fold != row.expected {
                Issue.record("\(row.name) cut at \(cuts.sorted()): \(fold) != \(row.expected)")
                return
            }
        }
    }

    /// Concatenated cases (text + call + text + …) still parse the same whole and split; checks state carried
    /// across many calls.
    @Test func manyCallsInOneOutput() {
        let call = #"<tool_call>{"name": "f", "arguments": {"i": 1}}</tool_call>"#
        let text = "Start." + String(repeating: call + "\nnext ", count: 20)
        let expected = ParsedOutput(
            content: "Start." + String(repeating: "next ", count: 20),
            calls: Array(repeating: ParsedOutput.Call(name: "f", arguments: #"{"i": 1}"#), count: 20))
        let format = OutputFormat(toolCalls: .hermes)
        #expect(parse(format, [text]) == expected)
        var rng = SplitMix64(state: 42)
        let count = text.unicodeScalars.count
        for _ in 0..<50 {
            let cuts = (0..<40).map { _ in Int(rng.next() % UInt64(count + 1)) }
            #expect(parse(format, pieces(of: text, cuts: cuts)) == expected)
        }
    }
}
