import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// `POST /v1/responses` and the stored-response routes against the fake service, on an open server (responses kept
/// in memory). Keys, isolation and the ledger on both databases are in ResponsesPlatformTests.
@Suite struct ResponsesRouteTests {
    static func body(_ input: String = #""Hi""#, stream: Bool = false, extra: String = "") -> String {
        #"{"model":"swiftlet-test","input":\#(input),"stream":\#(stream)\#(extra.isEmpty ? "" : "," + extra)}"#
    }

    static func reasoningService() -> FakeInferenceService {
        FakeInferenceService { _ in
            .reply(content: ["101 × 3", " = 303."], reasoning: ["First, ", "100×3=300…"], promptTokens: 32, cachedPromptTokens: 6)
        }
    }

    @Test func stringInputWithInstructions() async throws {
        let service = FakeInferenceService()
        try await withApp(service) { client in
            let r = try await client.post("/v1/responses", Self.body(extra: #""instructions":"Be brief.","metadata":{"run":"7"}"#))
            #expect(r.status == .ok, "\(r.text)")
            let b = r.json
            #expect(b["id"]?.stringValue?.hasPrefix("resp_") == true)
            #expect(b["object"] == "response" && b["status"] == "completed" && b["model"] == "swiftlet-test")
            #expect(b["created_at"]?.intValue ?? 0 > 1_700_000_000)
            #expect(b["instructions"] == "Be brief." && b["metadata"] == ["run": "7"])
            #expect(b["incomplete_details"] == .null && b["error"] == .null)
            #expect(b["tools"] == [] && b["tool_choice"] == "auto" && b["store"] == true)
            let message = at(b, "output", 0)
            #expect(message?["type"] == "message" && message?["role"] == "assistant" && message?["status"] == "completed")
            #expect(message?["id"]?.stringValue?.hasPrefix("msg_") == true)
            #expect(at(message, "content", 0, "type") == "output_text")
            #expect(at(message, "content", 0, "text") == "Hello!")
            #expect(at(message, "content", 0, "annotations") == [])
            #expect(b["output"]?.arrayValue?.count == 1)
            #expect(at(b, "usage", "input_tokens") == 10 && at(b, "usage", "output_tokens") == 2)
            #expect(at(b, "usage", "total_tokens") == 12)
            #expect(at(b, "usage", "input_tokens_details", "cached_tokens") == 0)
            #expect(at(b, "usage", "output_tokens_details", "reasoning_tokens") == 0)
            // 10 prompt tokens at $0.30/M and 2 output tokens at $0.50/M, as chat completions prices them.
            #expect(at(b, "usage", "cost_in_usd_ticks") == 40_000)
        }
        let chat = try #require(service.record.chatRequests.first)
        #expect(chat.messages == [ChatMessage(role: .system, text: "Be brief."), ChatMessage(role: .user, text: "Hi")])
        #expect(chat.model == "swiftlet-test" && chat.reasoning.budgetIncludedInMaxTokens)
    }

    @Test func itemInputsBecomeChatMessages() async throws {
        let service = FakeInferenceService()
        let input = #"""
            [{"role":"developer","content":"Use tools."},
             {"type":"message","role":"user","content":[{"type":"input_text","text":"Weather "},{"type":"input_text","text":"in Paris?"}]},
             {"type":"reasoning","id":"rs_1","summary":[{"type":"summary_text","text":"Need weather."}]},
             {"type":"function_call","call_id":"call_9","name":"get_weather","arguments":"{\"city\":\"Paris\"}"},
             {"type":"function_call_output","call_id":"call_9","output":"18C"},
             {"role":"assistant","content":[{"type":"output_text","text":"It is 18C."}]},
             {"role":"user","content":"Thanks"}]
            """#
        try await withApp(service) { client in
            let r = try await client.post("/v1/responses", Self.body(input, extra: #""temperature":0,"top_p":0.5,"max_output_tokens":64"#))
            #expect(r.status == .ok, "\(r.text)")
            #expect(r.json["temperature"] == 0 && r.json["top_p"] == 0.5 && r.json["max_output_tokens"] == 64)
        }
        let chat = try #require(service.record.chatRequests.first)
        #expect(chat.messages == [
            ChatMessage(role: .system, text: "Use tools."),
            ChatMessage(role: .user, content: [.text("Weather "), .text("in Paris?")]),
            ChatMessage(role: .assistant, reasoning: "Need weather.",
                toolCalls: [ToolCall(id: "call_9", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
            ChatMessage(role: .tool, content: [.text("18C")], toolCallID: "call_9", name: "get_weather"),
            ChatMessage(role: .assistant, text: "It is 18C."),
            ChatMessage(role: .user, text: "Thanks"),
        ])
        #expect(chat.sampling.temperature == 0 && chat.sampling.topP == 0.5 && chat.maxTokens == 64)
    }

    @Test func functionToolsAndCalls() async throws {
        let call = ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)
        let service = FakeInferenceService { _ in .reply(content: [], toolCalls: [call]) }
        let tools = #""tools":[{"type":"function","name":"get_weather","description":"Weather","parameters":{"type":"object","properties":{"city":{"type":"string"}}},"strict":true}],"tool_choice":{"type":"function","name":"get_weather"},"parallel_tool_calls":false"#
        try await withApp(service) { client in
            let b = try await client.post("/v1/responses", Self.body(extra: tools)).json
            let item = at(b, "output", 0)
            #expect(item?["type"] == "function_call" && item?["status"] == "completed")
            #expect(item?["call_id"] == "call_1" && item?["name"] == "get_weather")
            #expect(item?["arguments"] == .string(call.arguments))
            #expect(item?["id"]?.stringValue?.hasPrefix("fc_") == true)
            #expect(b["tool_choice"] == parse(#"{"type":"function","name":"get_weather"}"#))
            #expect(at(b, "tools", 0, "name") == "get_weather" && at(b, "tools", 0, "strict") == true)
            #expect(b["parallel_tool_calls"] == false)
        }
        let chat = try #require(service.record.chatRequests.first)
        #expect(chat.tools == [ToolDefinition(name: "get_weather", description: "Weather",
            parameters: parse(#"{"type":"object","properties":{"city":{"type":"string"}}}"#), strict: true)])
        #expect(chat.toolChoice == .function("get_weather") && !chat.parallelToolCalls)
    }

    @Test func jsonSchemaFormat() async throws {
        let service = FakeInferenceService { _ in .reply(content: [#"{"n":"#, "3}"]) }
        let format = #""text":{"format":{"type":"json_schema","name":"count","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]},"strict":true}}"#
        try await withApp(service) { client in
            let b = try await client.post("/v1/responses", Self.body(extra: format)).json
            #expect(at(b, "output", 0, "content", 0, "text") == #"{"n":3}"#)
            #expect(at(b, "text", "format", "type") == "json_schema" && at(b, "text", "format", "name") == "count")
            let plain = try await client.post("/v1/responses", Self.body(extra: #""text":{"format":{"type":"json_object"}}"#))
            #expect(plain.status == .ok)
        }
        let requests = service.record.chatRequests
        #expect(requests.first?.responseFormat == .jsonSchema(name: "count",
            schema: parse(#"{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}"#), strict: true))
        #expect(requests.last?.responseFormat == .jsonObject)
    }

    @Test func reasoningIsAnItemBeforeTheMessage() async throws {
        let service = Self.reasoningService()
        try await withApp(service) { client in
            let b = try await client.post("/v1/responses", Self.body(extra: #""reasoning":{"effort":"high","summary":"auto"}"#)).json
            let reasoning = at(b, "output", 0)
            #expect(reasoning?["type"] == "reasoning" && reasoning?["id"]?.stringValue?.hasPrefix("rs_") == true)
            #expect(reasoning?["summary"] == [["type": "summary_text", "text": "First, 100×3=300…"]])
            #expect(at(b, "output", 1, "content", 0, "text") == "101 × 3 = 303.")
            #expect(at(b, "usage", "output_tokens") == 4)
            #expect(at(b, "usage", "output_tokens_details", "reasoning_tokens") == 2)
            #expect(at(b, "usage", "input_tokens_details", "cached_tokens") == 6)
            #expect(at(b, "usage", "total_tokens") == 36)
            #expect(b["reasoning"] == ["effort": "high", "summary": "auto"])
        }
        #expect(service.record.chatRequests.first?.reasoning.effort == .high)
    }

    @Test func incompleteWhenTheTokenCapIsReached() async throws {
        let service = FakeInferenceService { _ in .reply(content: ["Once", " upon"], finish: .length) }
        try await withApp(service) { client in
            let b = try await client.post("/v1/responses", Self.body(extra: #""max_output_tokens":2"#)).json
            #expect(b["status"] == "incomplete" && b["incomplete_details"] == ["reason": "max_output_tokens"])
            #expect(at(b, "output", 0, "status") == "incomplete")
            let events = try await client.post("/v1/responses", Self.body(stream: true, extra: #""max_output_tokens":2"#)).events
            #expect(events.last?.name == "response.incomplete")
            #expect(at(parse(events.last?.data ?? ""), "response", "status") == "incomplete")
        }
    }

    @Test func badInputIs400NamingTheParameter() async throws {
        try await withApp { client in
            let cases: [(String, String, String)] = [
                (#"{"model":"swiftlet-test"}"#, "input", "missing_required_parameter"),
                (Self.body("3"), "input", "invalid_type"),
                (Self.body(#"[{"role":"robot","content":"x"}]"#), "input[0].role", "invalid_value"),
                (Self.body(#"[{"type":"function_call_output","output":"x"}]"#), "input[0].call_id", "missing_required_parameter"),
                (Self.body(extra: #""tools":[{"type":"web_search"}]"#), "tools[0].type", "invalid_value"),
                (Self.body(extra: #""text":{"format":{"type":"xml"}}"#), "text.format.type", "invalid_value"),
                (Self.body(extra: #""temperature":3"#), "temperature", "invalid_value"),
                (Self.body(extra: #""include":["everything"]"#), "include[0]", "invalid_value"),
                (Self.body(extra: #""previous_response_id":"resp_nope""#), "previous_response_id", "previous_response_not_found"),
            ]
            for (body, param, code) in cases {
                let r = try await client.post("/v1/responses", body)
                #expect(r.status == .badRequest, "\(body): \(r.text)")
                #expect(at(r.json, "error", "param")?.stringValue == param, "\(body): \(r.text)")
                #expect(at(r.json, "error", "code")?.stringValue == code, "\(body): \(r.text)")
                #expect(at(r.json, "error", "type") == "invalid_request_error")
            }
        }
    }
}
