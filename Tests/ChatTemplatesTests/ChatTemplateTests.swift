import ChatTemplates
import InferenceTypes
import Jinja
import Testing

/// Typed messages and tools → template context → prompt, checked against the jinja2 goldens.
@Suite struct ChatTemplateTests {
    /// The typed mapping must produce exactly the golden contexts (same keys, same order, same JSON types).
    @Test func typedInputsMapToTheGoldenContexts() throws {
        let dump = try Template(
            "{{ messages|tojson }}|{{ tools|default(none)|tojson }}|{{ add_generation_prompt }}|{{ bos_token }}|"
                + "{{ eos_token }}|{{ enable_thinking|default('unset') }}")
        let file = try GoldenFixtures.load("Qwen-Qwen3-0.6B")
        #expect(file.cases.count == 8)
        for golden in file.cases {
            let input = try #require(TypedConversations.input(golden.id), "\(golden.id)")
            let typed = try dump.render(ChatTemplateContext.variables(for: input))
            let expected = try dump.render(GoldenFixtures.variables(golden.context))
            #expect(typed == expected, "\(golden.id)")
        }
    }

    /// Every real template, rendered from typed inputs through `ChatTemplate`, matches every golden case.
    @Test func typedConversationsRenderLikeJinja2ForEveryTemplate() throws {
        var checked = 0
        for file in try GoldenFixtures.loadAll() {
            let template = try ChatTemplate(source: file.source)
            for golden in file.cases {
                let input = try #require(TypedConversations.input(golden.id))
                let label = "\(file.name) / \(golden.id)"
                switch golden.expected {
                case .output(let expected):
                    #expect(try template.render(input) == expected, "\(label)")
                case .raises(let message):
                    do {
                        let output = try template.render(input)
                        Issue.record("\(label): expected raise_exception, rendered \(output.debugDescription)")
                    } catch {
                        #expect(error.withoutLocation == TemplateError(.raised, message), "\(label)")
                    }
                case .error:
                    #expect(throws: TemplateError.self) { try template.render(input) }
                }
                checked += 1
            }
        }
        #expect(checked == 112)
    }

    @Test func toolRoundTripForQwenAndHermes() throws {
        let input = try #require(TypedConversations.input("tool_roundtrip"))
        for name in ["Qwen-Qwen2.5-7B-Instruct", "Qwen-Qwen3-0.6B", "NousResearch-Hermes-3-Llama-3.1-8B-tool_use"] {
            let file = try GoldenFixtures.load(name)
            let golden = try #require(file.cases.first { $0.id == "tool_roundtrip" })
            guard case .output(let expected) = golden.expected else {
                Issue.record("\(name): tool_roundtrip golden has no output")
                continue
            }
            let rendered = try ChatTemplate(source: file.source).render(input)
            #expect(rendered == expected, "\(name)")
            #expect(rendered.contains(#"{"name": "get_weather", "arguments": {"city": "Paris", "unit": "celsius"}}"#))
        }
    }

    @Test func messageMappingKeepsOptionalKeysOut() throws {
        let plain = ChatTemplateContext.message(ChatMessage(role: .user, text: "hi"))
        let probe = try Template(
            "{{ m|tojson }}|{{ 'tool_calls' in m }}|{{ m.reasoning_content is defined }}|{{ m.name is defined }}")
        #expect(try probe.render(["m": plain]) == #"{"role": "user", "content": "hi"}|False|False|False"#)

        let parts = ChatTemplateContext.message(
            ChatMessage(role: .user, content: [.text("look: "), .image(url: "data:image/png;base64,AAAA"), .text("?")]))
        #expect(try probe.render(["m": parts]).hasPrefix(
            #"{"role": "user", "content": [{"type": "text", "text": "look: "}, {"type": "image", "url": "data:image/png;base64,AAAA"}, {"type": "text", "text": "?"}]}"#))

        // Arguments that are not a JSON object stay the raw string the model produced.
        let raw = ChatTemplateContext.toolCall(ToolCall(id: "c", name: "f", arguments: "{not json"))
        let list = ChatTemplateContext.toolCall(ToolCall(id: "c", name: "f", arguments: "[1, 2]"))
        let args = try Template("{{ c.function.arguments is string }}:{{ c.function.arguments }}")
        #expect(try args.render(["c": raw]) == "True:{not json")
        #expect(try args.render(["c": list]) == "True:[1, 2]")

        let tool = ChatTemplateContext.tool(ToolDefinition(name: "noop"))
        #expect(try Template("{{ t|tojson }}").render(["t": tool])
            == #"{"type": "function", "function": {"name": "noop", "parameters": {"type": "object"}}}"#)
    }

    @Test func toolsAreAbsentWhenEmptyAndExtrasCannotOverrideCoreVariables() throws {
        let input = ChatTemplateInput(
            messages: [ChatMessage(role: .user, text: "x")], bosToken: "<s>",
            extras: ["bos_token": "evil", "reasoning_effort": "high"])
        let variables = ChatTemplateContext.variables(for: input)
        let probe = try Template("{{ tools is defined }}|{{ bos_token }}|{{ reasoning_effort }}|{{ add_generation_prompt }}")
        #expect(try probe.render(variables) == "False|<s>|high|True")
    }
}

extension TemplateError {
    /// The error with its location dropped, to compare kind and message only.
    var withoutLocation: TemplateError { TemplateError(kind, message, at: nil) }
}
