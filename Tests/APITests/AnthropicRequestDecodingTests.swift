import AnthropicAPI
import InferenceTypes
import Testing

@Suite struct AnthropicRequestDecodingTests {
    @Test func claudeCodeShapedRequest() throws {
        let body = """
            {"model":"claude-sonnet-4-5","max_tokens":32000,"stream":true,
             "system":[{"type":"text","text":"x-anthropic-billing-header: cc_version=2.1.37; cc_entrypoint=cli; cch=abc123;"},
                       {"type":"text","text":"You are Claude Code.","cache_control":{"type":"ephemeral"}},
                       {"type":"text","text":"Be brief."}],
             "messages":[{"role":"ctx","content":"<env>linux</env>"},
                         {"role":"user","content":[{"type":"text","text":"hi","cache_control":{"type":"ephemeral"}},{"type":"tool_reference","name":"x"}]},
                         {"role":"assistant","content":[{"type":"thinking","thinking":"hmm","signature":"sig"},{"type":"text","text":"Let me look."},{"type":"tool_use","id":"toolu_1","name":"Read","input":{"path":"a.txt"}}]},
                         {"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_1","content":[{"type":"text","text":"file body"}]},{"type":"text","text":"thanks"}]},
                         {"role":"msg","content":"more"}],
             "tools":[{"name":"Read","description":"Read a file","input_schema":{"properties":{"path":{"type":"string"}}},"cache_control":{"type":"ephemeral"}},
                      {"type":"web_search_20250305","name":"web_search","max_uses":5}],
             "tool_choice":{"type":"any","disable_parallel_tool_use":true},
             "stop_sequences":["\\n\\nHuman:"],"temperature":0.5,"top_k":5,"top_p":0.9,"metadata":{"user_id":"u1"},
             "thinking":{"type":"enabled","budget_tokens":2048},"context_management":{}}
            """
        let r = try MessagesRequest(json: json(body))
        let m = r.chat.messages
        #expect(r.stream)
        #expect(r.chat.maxTokens == 32000)
        // The billing header block is gone; the other system blocks are joined.
        #expect(m[0] == ChatMessage(role: .system, text: "You are Claude Code.\nBe brief."))
        // `ctx` is a user turn, merged with the following user turn; unknown blocks are dropped.
        #expect(m[1].role == .user)
        #expect(m[1].content == [.text("<env>linux</env>"), .text("\n\n"), .text("hi")])
        #expect(m[2].role == .assistant && m[2].reasoning == "hmm" && m[2].text == "Let me look.")
        #expect(m[2].toolCalls == [ToolCall(id: "toolu_1", name: "Read", arguments: #"{"path":"a.txt"}"#)])
        #expect(m[3].role == .tool && m[3].toolCallID == "toolu_1" && m[3].text == "file body")
        // The text after the tool result and the `msg` turn are user turns, merged.
        #expect(m[4].role == .user && m[4].text == "thanks\n\nmore")
        #expect(m.count == 5)
        #expect(r.chat.tools.map(\.name) == ["Read"])
        #expect(r.chat.tools[0].parameters.serialized() == #"{"type":"object","properties":{"path":{"type":"string"}}}"#)
        #expect(r.chat.toolChoice == .required)
        #expect(!r.chat.parallelToolCalls)
        #expect(r.chat.stop == ["\n\nHuman:"])
        #expect(r.chat.sampling.temperature == 0.5 && r.chat.sampling.topK == 5 && r.chat.sampling.topP == 0.9)
        #expect(r.chat.user == "u1")
        var reasoning = ReasoningOptions(enabled: true, budgetTokens: 2048, effort: .low)
        reasoning.budgetIncludedInMaxTokens = true  // Anthropic: thinking counts toward max_tokens
        #expect(r.chat.reasoning == reasoning)
        #expect(r.chat.n == 1)
    }

    @Test func systemAsStringAndOutputConfig() throws {
        let r = try MessagesRequest(
            json: json(
                #"{"model":"m","max_tokens":10,"system":"Sys","messages":[{"role":"user","content":"x"}],"output_config":{"effort":"max","format":{"type":"json_schema","schema":{"type":"object"}}},"thinking":{"type":"disabled"}}"#
            ))
        #expect(r.chat.messages.first == ChatMessage(role: .system, text: "Sys"))
        #expect(r.chat.reasoning.effort == .xhigh && r.chat.reasoning.enabled == false)
        #expect(r.chat.responseFormat == .jsonSchema(name: nil, schema: ["type": "object"], strict: true))
    }

    @Test func maxTokensIsRequiredExceptForCountTokens() throws {
        let body = json(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#)
        #expect(throws: JSONFieldError(path: "max_tokens", kind: .missing, message: "Field required")) { try MessagesRequest(json: body) }
        #expect(try MessagesRequest(json: body, requireMaxTokens: false).chat.maxTokens == nil)
    }

    /// Anthropic's limits on `thinking.budget_tokens`, in its words: at least 1024, and below `max_tokens`.
    @Test func thinkingBudgetLimitsUseAnthropicWording() throws {
        func body(_ max: Int, _ budget: Int) -> JSONValue {
            json(#"{"model":"m","max_tokens":\#(max),"messages":[{"role":"user","content":"x"}],"thinking":{"type":"enabled","budget_tokens":\#(budget)}}"#)
        }
        #expect(throws: JSONFieldError(path: "thinking.budget_tokens", kind: .invalidValue,
            message: "Input should be greater than or equal to 1024")) { try MessagesRequest(json: body(4000, 24)) }
        do {
            _ = try MessagesRequest(json: body(1024, 1024))
            Issue.record("a budget equal to max_tokens was accepted")
        } catch {
            #expect(error.message.hasPrefix("`max_tokens` must be greater than `thinking.budget_tokens`."))
        }
        let ok = try MessagesRequest(json: body(1200, 1024)).chat
        #expect(ok.reasoning.budgetTokens == 1024 && ok.maxTokens == 1200 && ok.reasoning.budgetIncludedInMaxTokens)
    }

    static let badBodies: [(String, String)] = [
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":7}]}"#, "messages[0].content"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user"}]}"#, "messages[0].content"),
        (#"{"model":"m","max_tokens":"lots","messages":[]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":1,"messages":[],"temperature":1.5}"#, "temperature"),
        (#"{"model":"m","max_tokens":1,"messages":[],"system":5}"#, "system"),
        (#"{"model":"m","max_tokens":1,"messages":[],"stop_sequences":[1]}"#, "stop_sequences[0]"),
        (#"{"model":"m","max_tokens":2000,"messages":[],"thinking":{"type":"enabled","budget_tokens":2000}}"#, "thinking.budget_tokens"),
        (#"{"model":"m","max_tokens":2000,"messages":[],"thinking":{"type":"enabled","budget_tokens":1023}}"#, "thinking.budget_tokens"),
        (#"{"model":"m","max_tokens":1,"messages":[],"tool_choice":{"type":"tool","name":"nope"}}"#, "tool_choice.name"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result","content":"x"}]}]}"#, "messages[0].content[0].tool_use_id"),
    ]

    @Test(arguments: 0..<badBodies.count) func rejectsBadFieldsNamingThem(_ i: Int) {
        let (body, path) = Self.badBodies[i]
        do {
            _ = try MessagesRequest(json: json(body))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.path == path)
        }
    }

    @Test func errorBodiesUseAnthropicTypes() {
        #expect(AnthropicErrorBody(InferenceError.overloaded(retryAfterSeconds: 3)).status == 529)
        #expect(AnthropicErrorBody(InferenceError.overloaded(retryAfterSeconds: 3)).type == "overloaded_error")
        let overflow = AnthropicErrorBody(InferenceError.contextOverflow(promptTokens: 5000, limit: 4096))
        #expect(overflow.status == 400 && overflow.message == "prompt is too long: 5000 tokens > 4096 maximum")
        #expect(
            AnthropicErrorBody(status: 404, type: "not_found_error", message: "x").json(requestID: "req_1")
                == json(#"{"type":"error","error":{"type":"not_found_error","message":"x"},"request_id":"req_1"}"#))
    }
}
