import OutputParsing
import Testing

/// Mistral `[TOOL_CALLS]` calls, array form and the v11+ `name[ARGS]{…}` form.
@Suite struct MistralTableTests {
    static let mistral = OutputFormat(toolCalls: .mistral)

    static let cases: [ParserCase] = [
        ParserCase("array, one call", mistral, #"[TOOL_CALLS][{"name": "get_weather", "arguments": {"city": "Paris"}}]"#,
                   calls: [("get_weather", #"{"city": "Paris"}"#)]),
        ParserCase("array, two calls", mistral,
                   #"[TOOL_CALLS] [{"name": "a", "arguments": {}}, {"name": "b", "arguments": {"n": 1}}]"#,
                   calls: [("a", "{}"), ("b", #"{"n": 1}"#)]),
        ParserCase("name[ARGS] form", mistral, #"[TOOL_CALLS]get_weather[ARGS]{"city": "Paris"}"#,
                   calls: [("get_weather", #"{"city": "Paris"}"#)]),
        ParserCase("name[ARGS] twice", mistral, #"[TOOL_CALLS]a[ARGS]{}[TOOL_CALLS]b[ARGS]{"x": [1, {"y": "]"}]}"#,
                   calls: [("a", "{}"), ("b", #"{"x": [1, {"y": "]"}]}"#)]),
        ParserCase("call id", mistral, #"[TOOL_CALLS]f[CALL_ID]abc123XYZ[ARGS]{"k": "v"}"#, calls: [("f", #"{"k": "v"}"#)]),
        ParserCase("text before", mistral, #"I'll look that up.[TOOL_CALLS][{"name": "f", "arguments": {}}]"#,
                   content: "I'll look that up.", calls: [("f", "{}")]),
        ParserCase("look-alike markers are content", mistral, "Use [TOOL_CALL] or [TOOLS] [", content: "Use [TOOL_CALL] or [TOOLS] ["),
        ParserCase("marker then prose: content", mistral, "[TOOL_CALLS]not a call", content: "[TOOL_CALLS]not a call"),
        ParserCase("id key in the array form", mistral,
                   #"[TOOL_CALLS][{"name": "f", "arguments": {"a": 1}, "id": "abc123def"}]"#, calls: [("f", #"{"a": 1}"#)]),
        ParserCase("cut inside [ARGS] arguments", mistral, #"[TOOL_CALLS]f[ARGS]{"a": [1, 2"#,
                   calls: [("f", #"{"a": [1]}"#)]),
        ParserCase("cut before [ARGS]: content", mistral, "[TOOL_CALLS]get_wea", content: "[TOOL_CALLS]get_wea"),
        ParserCase("cut right after [ARGS]", mistral, "[TOOL_CALLS]f[ARGS]", calls: [("f", "{}")]),
        ParserCase("text after the array", mistral, #"[TOOL_CALLS][{"name": "f", "arguments": {}}]\#nDone"#,
                   content: "Done", calls: [("f", "{}")]),
        ParserCase("bad array element: content", mistral, #"[TOOL_CALLS][1, 2]"#, content: #"[TOOL_CALLS][1, 2]"#),
        ParserCase("unicode arguments", mistral, #"[TOOL_CALLS]translate[ARGS]{"text": "日本語 👋"}"#,
                   calls: [("translate", #"{"text": "日本語 👋"}"#)]),
    ]

    @Test(arguments: cases) func table(_ row: ParserCase) {
        check(row)
    }
}
