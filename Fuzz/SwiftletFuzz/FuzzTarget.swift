#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The parsers a fuzz run can exercise, by the name `SWIFTLET_FUZZ_TARGET` gives (also the corpus directory name).
enum FuzzTarget: String, CaseIterable, Sendable {
    /// `JSONValue.parse`, and the round trip through `serialized()`.
    case json
    /// The OpenAI chat, completions and responses decoders and the Anthropic messages decoder on one body.
    case requests
    /// Jinja: parse a template, render it with a small chat context.
    case jinja
    /// A GBNF grammar compiled and driven by a grammar matcher.
    case gbnf
    /// A JSON schema compiled and driven by a grammar matcher.
    case jsonSchema = "json-schema"
    /// A regex `pattern` of a string schema.
    case regex
    /// A GGUF file parsed from memory, its metadata read and its tensor data touched.
    case gguf
    /// The SSE parser, fed in pieces and at once.
    case sse

    /// The target `SWIFTLET_FUZZ_TARGET` names; the process exits with a usage message when it names none.
    static let selected: FuzzTarget = {
        let name = getenv("SWIFTLET_FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FuzzCheck.print("set SWIFTLET_FUZZ_TARGET to one of: \(names) (got \"\(name)\")")
            exit(2)
        }
        return target
    }()

    /// Runs the target on one input.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .json: JSONFuzz.run(bytes)
        case .requests: RequestFuzz.run(bytes)
        case .jinja: JinjaFuzz.run(bytes)
        case .gbnf: GrammarFuzz.runGBNF(bytes)
        case .jsonSchema: GrammarFuzz.runJSONSchema(bytes)
        case .regex: GrammarFuzz.runRegex(bytes)
        case .gguf: GGUFFuzz.run(bytes)
        case .sse: SSEFuzz.run(bytes)
        }
    }
}
