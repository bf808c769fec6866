import InferenceTypes
import OutputParsing
import Testing

/// The incremental JSON scanner behind the argument slicing, checked against the strict `JSONValue.parse` of
/// InferenceTypes as the independent reference: a Mistral `name[ARGS]value` call keeps the value whole exactly when
/// it is valid JSON, and every cut-off prefix of a call still yields valid JSON arguments.
@Suite struct JSONScanningTests {
    static let valid: [String] = [
        #"{}"#, #"[]"#, #"{"a":1}"#, #"{ "a" : [ 1 , 2 ] , "b" : { } }"#, "{\n\t\"a\"\r\n:\n[]}",
        #"[0, -0, 1.5, 1e10, 1E-5, -0.0e+1, 123456789012, 0.25]"#, #"[true, false, null]"#,
        #"{"s": "\" \\ \/ \b \f \n \r \t \u00e9 \uD83D\uDE00"}"#, #"{"u": "Grüße 😀 日本"}"#,
        #"[[[[[[{"deep": [[]]}]]]]]]"#, #"{"a": {"b": {"c": [1, {"d": "e"}]}}}"#, #"42"#, #""text""#, "true",
        #"{"": ""}"#, #"{"k": "}{][,:"}"#,
    ]
    static let invalid: [String] = [
        "01", "1.", ".5", "-", "1e", "+1", "[1,]", #"{"a":1,}"#, "{'a': 1}", "{a: 1}", "tru", "nul", "[1 2]",
        "{\"a\": \"line\nbreak\"}", #"{"a": "\x"}"#, #"{"a": "\u12G4"}"#, "[}", #"{"a" 1}"#, #"{"a":1 "b":2}"#,
        "NaN", #"{"a":}"#, "[", #"{"a": [1, 2}"#, #"{"a":1}}"#, "{,}", #"["a",,]"#, "-01", "1.e5",
    ]

    static func argumentsOf(_ value: String) -> ParsedOutput {
        parse(OutputFormat(toolCalls: .mistral), ["[TOOL_CALLS]f[ARGS]" + value])
    }

    @Test(arguments: valid) func validValueIsKeptWhole(_ value: String) throws {
        _ = try JSONValue.parse(value)  // the reference agrees it is JSON
        let fold = Self.argumentsOf(value)
        #expect(fold.calls == [ParsedOutput.Call(name: "f", arguments: value)])
        #expect(fold.content.isEmpty)
    }

    @Test(arguments: invalid) func invalidValueIsNotKeptWhole(_ value: String) {
        #expect((try? JSONValue.parse(value)) == nil)  // the reference agrees it is not JSON
        let fold = Self.argumentsOf(value)
        #expect(!(fold.calls.first?.arguments == value && fold.content.isEmpty))
    }

    /// Every prefix of a call, as if generation stopped there: well-formed events and JSON arguments (checked inside
    /// `parse`), and a call as soon as its name is complete.
    @Test func everyPrefixOfACallHealsToValidJSON() {
        let formats: [(OutputFormat, String, Int)] = [
            (OutputFormat(toolCalls: .hermes),
             #"<tool_call>{"name": "f", "arguments": {"s": "a\"b\u00e9", "n": [1, -2.5e3, {"t": true}], "z": null}}</tool_call>"#,
             #"<tool_call>{"name": "f""#.unicodeScalars.count),
            (OutputFormat(toolCalls: .mistral),
             #"[TOOL_CALLS]f[ARGS]{"s": "x\\y", "n": [[0], [false, 1E+2]], "o": {"": {}}}"#,
             "[TOOL_CALLS]f[ARGS]".unicodeScalars.count),
            (OutputFormat(toolCalls: .llama3JSON),
             #"{"name": "f", "parameters": {"q": "a;b", "k": [null, {"x": -0}]}}"#,
             #"{"name": "f", "parameters": {"#.unicodeScalars.count),
        ]
        for (format, text, callFrom) in formats {
            let scalars = Array(text.unicodeScalars)
            for cut in 0...scalars.count {
                var prefix = String.UnicodeScalarView()
                prefix.append(contentsOf: scalars[0..<cut])
                let fold = parse(format, [String(prefix)])
                #expect(fold.calls.count == (cut >= callFrom ? 1 : 0), "cut \(cut)")
                if fold.calls.isEmpty { #expect(fold.content == String(prefix), "cut \(cut)") }
            }
        }
    }
}
