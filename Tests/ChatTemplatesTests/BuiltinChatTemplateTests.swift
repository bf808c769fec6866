import ChatTemplates
import Foundation
import InferenceTypes
import Jinja
import Testing

/// The built-in fallbacks: ChatML must render exactly like Qwen3's real template (verified against jinja2) for
/// conversations without reasoning options; Gemma like Gemma 2's real template where Gemma 2 accepts the input.
@Suite struct BuiltinChatTemplateTests {
    private func golden(_ file: String, _ id: String) throws -> String {
        let cases = try GoldenFixtures.load(file).cases
        guard let found = cases.first(where: { $0.id == id }), case .output(let output) = found.expected else {
            throw GoldenFixtures.LoadError(description: "\(file)/\(id) has no output")
        }
        return output
    }

    @Test func builtinSourcesParse() throws {
        for builtin in BuiltinChatTemplate.allCases {
            _ = try Template(builtin.source)
        }
    }

    @Test func chatMLMatchesQwen3Goldens() throws {
        let chatML = ChatTemplate(builtin: .chatML)
        for id in ["single_user", "system_user", "multi_turn", "tools_offered", "tool_roundtrip", "reasoning_history", "unicode"] {
            let input = try #require(TypedConversations.input(id))
            #expect(try chatML.render(input) == golden("Qwen-Qwen3-0.6B", id), "\(id)")
        }
        // No thinking switch in plain ChatML: `enable_thinking` is ignored.
        let thinkingOff = try #require(TypedConversations.input("thinking_off"))
        #expect(try chatML.render(thinkingOff)
            == "<|im_start|>user\nQuick: capital of Italy?<|im_end|>\n<|im_start|>assistant\n")
    }

    @Test func chatMLMatchesQwen3OnMultiCallConversations() throws {
        let qwen3 = try ChatTemplate(source: try GoldenFixtures.load("Qwen-Qwen3-0.6B").source)
        let chatML = ChatTemplate(builtin: .chatML)
        let conversation: [ChatMessage] = [
            ChatMessage(role: .system, text: "Use tools."),
            ChatMessage(role: .user, text: "Weather in Paris and 2+3?"),
            ChatMessage(
                role: .assistant, content: [.text("Checking both.")],
                toolCalls: [
                    ToolCall(id: "a", name: "get_weather", arguments: #"{"city": "Paris"}"#),
                    ToolCall(id: "b", name: "add", arguments: #"{"a": 2, "b": 3}"#),
                ]),
            ChatMessage(role: .tool, content: [.text("sunny")], toolCallID: "a", name: "get_weather"),
            ChatMessage(role: .tool, content: [.text("5")], toolCallID: "b", name: "add"),
            ChatMessage(role: .assistant, text: "Sunny, and 5."),
            ChatMessage(role: .user, text: "Thanks"),
        ]
        for tools in [[], [TypedConversations.getWeather, TypedConversations.add]] {
            let input = ChatTemplateInput(messages: conversation, tools: tools)
            let expected = try qwen3.render(input)
            #expect(try chatML.render(input) == expected)
            #expect(expected.contains("<|im_start|>user\n<tool_response>\nsunny\n</tool_response>\n<tool_response>\n5\n</tool_response><|im_end|>"))
        }
    }

    @Test func gemmaMatchesGemma2Goldens() throws {
        let gemma = ChatTemplate(builtin: .gemma)
        for id in ["single_user", "multi_turn", "reasoning_history", "thinking_off", "unicode"] {
            let input = try #require(TypedConversations.input(id))
            #expect(try gemma.render(input) == golden("google-gemma-2-2b-it", id), "\(id)")
        }
    }

    @Test func gemmaFoldsSystemIntoFirstTurnAndRendersTools() throws {
        let gemma = ChatTemplate(builtin: .gemma)
        let system = try #require(TypedConversations.input("system_user"))
        #expect(try gemma.render(system)
            == "<s><start_of_turn>user\nYou are terse.\n\nName a prime number.<end_of_turn>\n<start_of_turn>model\n")

        let roundTrip = try #require(TypedConversations.input("tool_roundtrip"))
        let rendered = try gemma.render(roundTrip)
        // The tools section is the one Qwen3 puts in its system turn for the same conversation (jinja2 golden).
        let qwenSystem = try golden("Qwen-Qwen3-0.6B", "tool_roundtrip")
            .components(separatedBy: "<|im_start|>system\n")[1].components(separatedBy: "<|im_end|>")[0]
        #expect(qwenSystem.hasPrefix("# Tools"))
        #expect(rendered == "<s><start_of_turn>user\n" + qwenSystem + "\n\nWhat's the weather in Paris?<end_of_turn>\n"
            + "<start_of_turn>model\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\", \"unit\": \"celsius\"}}\n</tool_call><end_of_turn>\n"
            + "<start_of_turn>user\n<tool_response>\n{\"temp\": 21, \"sky\": \"clear\"}\n</tool_response><end_of_turn>\n"
            + "<start_of_turn>model\n")
    }

    @Test func fallbacksHandleContentParts() throws {
        let message = ChatMessage(role: .user, content: [.text("a"), .image(url: "x"), .text("b")])
        let input = ChatTemplateInput(messages: [message], addGenerationPrompt: false)
        #expect(try ChatTemplate(builtin: .chatML).render(input) == "<|im_start|>user\nab<|im_end|>\n")
        #expect(try ChatTemplate(builtin: .gemma).render(input) == "<start_of_turn>user\nab<end_of_turn>\n")
    }
}
