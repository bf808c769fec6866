import OutputParsing
import Testing

/// Llama 3.x JSON calls: `{"name": …, "parameters": …}` at the start of the answer or after `<|python_tag|>`.
@Suite struct Llama3TableTests {
    static let llama = OutputFormat(toolCalls: .llama3JSON)
    static let thinking = OutputFormat(reasoning: .think(), toolCalls: .llama3JSON)

    static let cases: [ParserCase] = [
        ParserCase("one call", llama, #"{"name": "get_weather", "parameters": {"city": "Paris"}}"#,
                   calls: [("get_weather", #"{"city": "Paris"}"#)]),
        ParserCase("type: function first", llama, #"{"type": "function", "name": "f", "parameters": {"a": true}}"#,
                   calls: [("f", #"{"a": true}"#)]),
        ParserCase("python tag", llama, #"<|python_tag|>{"name": "f", "parameters": {}}"#, calls: [("f", "{}")]),
        ParserCase("two calls separated by ;", llama,
                   #"{"name": "a", "parameters": {"x": 1}}; {"name": "b", "parameters": {"y": "z;"}}"#,
                   calls: [("a", #"{"x": 1}"#), ("b", #"{"y": "z;"}"#)]),
        ParserCase("plain JSON answer is content", llama, #"{"answer": 42}"#, content: #"{"answer": 42}"#),
        ParserCase("JSON after text is content", llama, #"Sure! {"name": "f", "parameters": {}}"#,
                   content: #"Sure! {"name": "f", "parameters": {}}"#),
        ParserCase("leading spaces before a call", llama, "\n\n" + #"{"name": "f", "parameters": {}}"#,
                   calls: [("f", "{}")]),
        ParserCase("name without parameters is content", llama, #"  {"name": "Bob", "age": 3}"#,
                   content: #"  {"name": "Bob", "age": 3}"#),
        ParserCase("text after a call", llama, #"{"name": "f", "parameters": {}}\#nThat's all."#,
                   content: "That's all.", calls: [("f", "{}")]),
        ParserCase("reasoning then a call", thinking, #"<think>hmm</think>{"name": "f", "parameters": {"q": "a;b"}}"#,
                   reasoning: "hmm", calls: [("f", #"{"q": "a;b"}"#)]),
        ParserCase("cut inside the arguments", llama, #"{"name": "f", "parameters": {"q": "hel"#,
                   calls: [("f", #"{"q": "hel"}"#)]),
        ParserCase("cut before the arguments: content", llama, #"{"name": "f""#, content: #"{"name": "f""#),
        ParserCase("arguments key", llama, #"{"name": "f", "arguments": {"n": -1.5E-3}}"#,
                   calls: [("f", #"{"n": -1.5E-3}"#)]),
        ParserCase("parameters before the name", llama, #"{"parameters": {"a": 1}, "name": "f"}"#,
                   calls: [("f", #"{"a": 1}"#)]),
        ParserCase("python tag after text", llama, #"Calling now. <|python_tag|>{"name": "f", "parameters": {}}"#,
                   content: "Calling now. ", calls: [("f", "{}")]),
        ParserCase("type first but no name: content", llama, #"{"type": "text", "value": 1}"#,
                   content: #"{"type": "text", "value": 1}"#),
        ParserCase("python tag without JSON: content", llama, "<|python_tag|>print(1)", content: "<|python_tag|>print(1)"),
        ParserCase("nested braces in strings", llama, #"{"name": "f", "parameters": {"s": "}{;\"}"}}"#,
                   calls: [("f", #"{"s": "}{;\"}"}"#)]),
    ]

    @Test(arguments: cases) func table(_ row: ParserCase) {
        check(row)
    }
}
