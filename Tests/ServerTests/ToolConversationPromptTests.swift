import AnthropicAPI
import ChatTemplates
import Foundation
import Inference
import InferenceTypes
import OpenAIAPI
import Testing
import TestSupport

/// A two-step tool conversation sent in each API's wire shape renders to the same hand-written prompt (SmolLM2's
/// template with Swiftlet's Hermes-style tool prompt).
@Suite struct ToolConversationPromptTests {
    static let expected = """
        <|im_start|>system
        You are terse.

        # Tools

        You may call one or more functions to assist with the user query.

        You are provided with function signatures within <tools></tools> XML tags:
        <tools>
        {"type": "function", "function": {"name": "get_weather", "description": "Current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}
        </tools>

        For each function call, return a json object with function name and arguments within <tool_call></tool_call> XML tags:
        <tool_call>
        {"name": <function-name>, "arguments": <args-json-object>}
        </tool_call><|im_end|>
        <|im_start|>user
        Weather in Paris?<|im_end|>
        <|im_start|>assistant
        <tool_call>
        {"name": "get_weather", "arguments": {"city": "Paris"}}
        </tool_call><|im_end|>
        <|im_start|>user
        <tool_response>
        21C, clear
        </tool_response><|im_end|>
        <|im_start|>assistant

        """

    static func preparer() throws -> ChatPreparer {
        let source = try String(contentsOf: TestPaths.fixture("templates/HuggingFaceTB-SmolLM2-135M-Instruct.jinja"),
            encoding: .utf8)
        let t = try ChatTemplate(source: source)
        return ChatPreparer(family: ModelFamily.detect(template: t, source: t.source), template: t)
    }

    @Test func openAIShape() throws {
        let body = #"""
            {"model":"m","messages":[{"role":"system","content":"You are terse."},
             {"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\": \"Paris\"}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"21C, clear"}],
             "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
            """#
        let r = try ChatCompletionRequest(json: try JSONValue.parse(body))
        #expect(try Self.preparer().prepare(r.chat).prompt == Self.expected)
    }

    @Test func anthropicShape() throws {
        let body = #"""
            {"model":"m","max_tokens":50,"system":"You are terse.","messages":[
             {"role":"user","content":"Weather in Paris?"},
             {"role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"get_weather","input":{"city":"Paris"}}]},
             {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"21C, clear"}]}]}],
             "tools":[{"name":"get_weather","description":"Current weather","input_schema":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}]}
            """#
        let r = try MessagesRequest(json: try JSONValue.parse(body))
        #expect(try Self.preparer().prepare(r.chat).prompt == Self.expected)
    }
}
