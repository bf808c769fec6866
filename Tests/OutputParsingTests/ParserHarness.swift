import InferenceTypes
import OutputParsing
import Testing

/// One row of a parser table: a format, a raw model output, and the expected fold written by hand from the format's
/// spec (never produced by the parser).
struct ParserCase: CustomTestStringConvertible, Sendable {
    let name: String
    let format: OutputFormat
    let text: String
    let expected: ParsedOutput

    init(_ name: String, _ format: OutputFormat, _ text: String,
         reasoning: String = "", content: String = "", calls: [(String, String)] = [])
    {
        self.name = name
        self.format = format
        self.text = text
        self.expected = ParsedOutput(
            reasoning: reasoning, content: content,
            calls: calls.map { ParsedOutput.Call(name: $0.0, arguments: $0.1) })
    }

    var testDescription: String { name }
}

/// Runs a parser over deltas and checks the event stream is well formed (start before arguments, indices 0, 1, …,
/// every call ended once, no empty deltas, every call's arguments valid JSON). Returns the fold.
func parse(_ format: OutputFormat, _ pieces: [String], sourceLocation: SourceLocation = #_sourceLocation) -> ParsedOutput {
    var parser = OutputParser(format: format)
    var events: [OutputEvent] = []
    for piece in pieces { events += parser.feed(piece) }
    events += parser.finish()
    var started = 0
    var open: Int?
    for event in events {
        switch event {
        case .reasoning(let text), .content(let text):
            #expect(!text.isEmpty, "empty text delta", sourceLocation: sourceLocation)
        case .toolCallStart(let index, let name):
            #expect(open == nil && index == started && !name.isEmpty, "bad start \(event)", sourceLocation: sourceLocation)
            open = index
            started += 1
        case .toolCallArguments(let index, let delta):
            #expect(open == index && !delta.isEmpty, "bad arguments \(event)", sourceLocation: sourceLocation)
        case .toolCallEnd(let index):
            #expect(open == index, "bad end \(event)", sourceLocation: sourceLocation)
            open = nil
        }
    }
    #expect(open == nil, "a call was never ended", sourceLocation: sourceLocation)
    #expect(parser.toolCallCount == started, sourceLocation: sourceLocation)
    let fold = ParsedOutput(events: events)
    #expect(parser.reasoningText == fold.reasoning, sourceLocation: sourceLocation)
    for call in fold.calls {
        #expect((try? JSONValue.parse(call.arguments)) != nil, "arguments not JSON: \(call.arguments)",
                sourceLocation: sourceLocation)
    }
    return fold
}

/// The text cut at the given unicode-scalar offsets (a detokenizer never splits a character).
func pieces(of text: String, cuts: [Int]) -> [String] {
    let scalars = Array(text.unicodeScalars)
    var result: [String] = []
    var start = 0
    for cut in cuts.sorted() + [scalars.count] where cut >= start {
        var piece = String.UnicodeScalarView()
        piece.append(contentsOf: scalars[start..<cut])
        result.append(String(piece))
        start = cut
    }
    return result
}

/// Checks a case fed whole, split in two at every scalar boundary, and one scalar at a time.
func check(_ row: ParserCase, sourceLocation: SourceLocation = #_sourceLocation) {
    let whole = parse(row.format, [row.text], sourceLocation: sourceLocation)
    #expect(whole == row.expected, "whole", sourceLocation: sourceLocation)
    let count = row.text.unicodeScalars.count
    for cut in 0...count {
        let split = parse(row.format, pieces(of: row.text, cuts: [cut]), sourceLocation: sourceLocation)
        if split != row.expected {
            Issue.record("split at \(cut): \(split) != \(row.expected)", sourceLocation: sourceLocation)
            break
        }
    }
    let single = parse(row.format, pieces(of: row.text, cuts: Array(0..<count)), sourceLocation: sourceLocation)
    #expect(single == row.expected, "one scalar at a time", sourceLocation: sourceLocation)
}

/// SplitMix64: a tiny seeded generator so fuzz failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
