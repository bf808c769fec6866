import AnthropicAPI
import InferenceTypes
import OpenAIAPI
import Testing

@Suite struct OpenAIRequestDecodingTests {
    /// Everything a grok-3-mini client may send, in one request.
    static let fullExample = """
        {"model":"grok-3-mini","reasoning_effort":"high","stream":true,"stream_options":{"include_usage":true},
         "temperature":0.7,"top_p":1,"max_completion_tokens":2048,"n":1,"seed":42,"user":"u-123",
         "logprobs":false,"parallel_tool_calls":true,
         "messages":[{"role":"system","content":"You are helpful."},{"role":"user","content":"Weather in Paris?"}],
         "tools":[{"type":"function","function":{"name":"get_weather","description":"Current weather",
           "parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false},
           "strict":true}}],
         "tool_choice":"auto",
         "response_format":{"type":"json_schema","json_schema":{"name":"answer","strict":true,
           "schema":{"type":"object","properties":{"summary":{"type":"string"}},"required":["summary"],"additionalProperties":false}}},
         "store":true,"metadata":{"a":"b"},"service_tier":"auto","web_search_options":{}}
        """

    @Test func decodesTheFullExample() throws {
        let r = try ChatCompletionRequest(json: json(Self.fullExample))
        #expect(r.chat.model == "grok-3-mini")
        #expect(r.stream && r.includeUsage)
        #expect(r.chat.sampling.temperature == 0.7)
        #expect(r.chat.sampling.topP == 1)
        #expect(r.chat.maxTokens == 2048)
        #expect(r.chat.n == 1)
        #expect(r.chat.sampling.seed == 42)
        #expect(r.chat.user == "u-123")
        #expect(r.chat.reasoning.effort == .high)
        #expect(r.chat.messages == [ChatMessage(role: .system, text: "You are helpful."), ChatMessage(role: .user, text: "Weather in Paris?")])
        #expect(r.chat.tools.count == 1)
        #expect(r.chat.tools[0].name == "get_weather")
        #expect(r.chat.tools[0].strict)
        // Key order of the schema is kept (it is rendered into prompts).
        #expect(r.chat.tools[0].parameters.serialized() == #"{"type":"object","properties":{"city":{"type":"string"}},"required":["city"],"additionalProperties":false}"#)
        #expect(r.chat.toolChoice == .auto)
        guard case .jsonSchema(let name, let schema, let strict) = r.chat.responseFormat else {
            Issue.record("expected json_schema")
            return
        }
        #expect(name == "answer" && strict)
        #expect(schema["required"] == ["summary"])
    }

    @Test func mapsSamplingFields() throws {
        let r = try ChatCompletionRequest(
            json: json(
                #"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":7,"stop":"END","presence_penalty":0.5,"frequency_penalty":-1,"logit_bias":{"15":-100,"7":2.5},"logprobs":true,"top_logprobs":3,"seed":-1,"top_k":40,"min_p":0.05,"n":3}"#
            ))
        #expect(r.chat.maxTokens == 7)
        #expect(r.chat.stop == ["END"])
        #expect(r.chat.sampling.presencePenalty == 0.5)
        #expect(r.chat.sampling.frequencyPenalty == -1)
        #expect(r.chat.sampling.logitBias == [15: -100, 7: 2.5])
        #expect(r.chat.sampling.logprobs && r.chat.sampling.topLogprobs == 3)
        #expect(r.chat.sampling.seed == UInt64.max)
        #expect(r.chat.sampling.topK == 40)
        #expect(r.chat.sampling.minP == 0.05)
        #expect(r.chat.n == 3)
        #expect(!r.stream && !r.includeUsage)
    }

    @Test func maxCompletionTokensWinsOverMaxTokens() throws {
        let r = try ChatCompletionRequest(json: json(#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":7,"max_completion_tokens":9}"#))
        #expect(r.chat.maxTokens == 9)
    }

    @Test func decodesEveryMessageShape() throws {
        let body = """
            {"model":"m","messages":[
              {"role":"developer","content":"Be terse."},
              {"role":"user","content":[{"type":"text","text":"What is "},{"type":"image_url","image_url":{"url":"data:image/png;base64,AA"}},{"type":"input_audio","input_audio":{"data":"x","format":"wav"}},{"type":"text","text":"this?"}]},
              {"role":"assistant","content":null,"reasoning_content":"think","tool_calls":[{"id":"call_abc","type":"function","function":{"name":"f","arguments":"{\\"a\\":1}"}},{"id":"call_def","type":"function","function":{"name":"g","arguments":{"b":2}}}]},
              {"role":"tool","tool_call_id":"call_abc","content":"{\\"temp_c\\":21}"},
              {"role":"function","name":"g","content":"ok"},
              {"role":"assistant","content":"done","reasoning":"alt"}]}
            """
        let m = try ChatCompletionRequest(json: json(body)).chat.messages
        #expect(m.count == 6)
        #expect(m[0] == ChatMessage(role: .system, text: "Be terse."))
        #expect(m[1].content == [.text("What is "), .image(url: "data:image/png;base64,AA"), .text("this?")])
        #expect(m[2].role == .assistant && m[2].content.isEmpty && m[2].reasoning == "think")
        #expect(m[2].toolCalls == [ToolCall(id: "call_abc", name: "f", arguments: #"{"a":1}"#), ToolCall(id: "call_def", name: "g", arguments: #"{"b":2}"#)])
        #expect(m[3].role == .tool && m[3].toolCallID == "call_abc" && m[3].text == #"{"temp_c":21}"#)
        #expect(m[4].role == .tool && m[4].name == "g")
        #expect(m[5].reasoning == "alt")
    }

    @Test func modelsLabDialect() throws {
        let r = try ChatCompletionRequest(
            json: json(#"{"model_id": "x-ai-grok-3-mini", "messages": [{"role": "user", "content": "Hello!"}], "max_tokens": 1000, "key": "YOUR_API_KEY"}"#))
        #expect(r.chat.model == "x-ai-grok-3-mini")
        #expect(r.chat.maxTokens == 1000)
    }

    @Test func toolChoiceForms() throws {
        let tools = #""tools":[{"type":"function","function":{"name":"f"}}]"#
        func choice(_ c: String) throws -> ToolChoice {
            try ChatCompletionRequest(json: json(#"{"model":"m","messages":[{"role":"user","content":"x"}],\#(tools),"tool_choice":\#(c)}"#)).chat.toolChoice
        }
        #expect(try choice(#""none""#) == .none)
        #expect(try choice(#""required""#) == .required)
        #expect(try choice(#"{"type":"function","function":{"name":"f"}}"#) == .function("f"))
        let noTools = try ChatCompletionRequest(json: json(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#))
        #expect(noTools.chat.toolChoice == .none)
    }

    /// Each bad body, the path the error must name, and its kind.
    static let badBodies: [(String, String, JSONFieldError.Kind)] = [
        (#"{"messages":[{"role":"user","content":"x"}]}"#, "model", .missing),
        (#"{"model":"m"}"#, "messages", .missing),
        (#"{"model":"m","messages":[]}"#, "messages", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"user","content":5}]}"#, "messages[1].content", .wrongType),
        (#"{"model":"m","messages":[{"role":"wizard","content":"x"}]}"#, "messages[0].role", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "temperature", .wrongType),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":3}"#, "temperature", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a","b","c","d","e"]}"#, "stop", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":["a",1]}"#, "stop[1]", .wrongType),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"top_logprobs":2}"#, "top_logprobs", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"n":0}"#, "n", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"n":1.5}"#, "n", .wrongType),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"logit_bias":{"abc":1}}"#, "logit_bias.abc", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"reasoning_effort":"extreme"}"#, "reasoning_effort", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"function","function":{"name":"nope"}}}"#, "tool_choice", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"response_format":{"type":"yaml"}}"#, "response_format.type", .invalidValue),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"description":"no name"}}]}"#, "tools[0].function.name", .missing),
        (#"[1,2]"#, "body", .wrongType),
    ]

    @Test(arguments: 0..<badBodies.count) func rejectsBadFieldsNamingThem(_ i: Int) {
        let (body, path, kind) = Self.badBodies[i]
        do {
            _ = try ChatCompletionRequest(json: json(body))
            Issue.record("accepted \(body)")
        } catch {
            #expect(error.path == path)
            #expect(error.kind == kind)
            #expect(error.description.hasPrefix(path + ": "))
        }
    }

    @Test func wrongTypeMessageSaysWhatWasExpected() {
        #expect(throws: JSONFieldError(path: "messages[1].content", kind: .wrongType, message: "expected string or array, got integer")) {
            try ChatCompletionRequest(json: json(#"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"user","content":5}]}"#))
        }
    }

    @Test func legacyCompletionRequest() throws {
        let r = try TextCompletionRequest(json: json(#"{"model":"m","prompt":["Once upon"],"echo":true,"stream":true,"stop":["\n"]}"#))
        #expect(r.completion.prompt == "Once upon")
        #expect(r.completion.echo && r.stream)
        #expect(r.completion.maxTokens == 16)
        #expect(r.completion.stop == ["\n"])
        #expect(throws: JSONFieldError.self) { try TextCompletionRequest(json: json(#"{"model":"m","prompt":["a","b"]}"#)) }
    }
}

/// Which sampling fields a body set, so the model's defaults fill only the others.
@Suite struct ExplicitSamplingDecodingTests {
    @Test func openAIChatAndCompletions() throws {
        let bare = try ChatCompletionRequest(json: json(#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}]}"#))
        #expect(bare.chat.explicitSampling.isEmpty)
        let some = try ChatCompletionRequest(json: json(#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "temperature": 1, "top_p": null, "min_p": 0.1}"#))
        #expect(some.chat.explicitSampling == [.temperature, .minP])
        #expect(some.chat.sampling.temperature == 1)
        let text = try TextCompletionRequest(json: json(#"{"model": "m", "prompt": "Hi", "top_k": 5, "repetition_penalty": 1.1}"#))
        #expect(text.completion.explicitSampling == [.topK, .repetitionPenalty])
        // Built in code, a request keeps every value as given.
        #expect(ChatRequest(model: "m", messages: []).explicitSampling == .all)
    }

    @Test func dryFieldsSetTheRepetitionGuard() throws {
        let body = #"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "dry_allowed_length": 3}"#
        let one = try ChatCompletionRequest(json: json(body))
        #expect(one.chat.explicitSampling == [.repetitionGuard])
        // Fields left out keep the server's default guard.
        #expect(one.chat.sampling.repetitionGuard == RepetitionGuard(allowedLength: 3))
        let off = try TextCompletionRequest(json: json(#"{"model": "m", "prompt": "Hi", "dry_multiplier": 0}"#))
        #expect(off.completion.explicitSampling == [.repetitionGuard])
        #expect(!off.completion.sampling.repetitionGuard.isOn)
        let all = try ChatCompletionRequest(json: json(#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "dry_multiplier": 1.5, "dry_base": 2, "dry_allowed_length": 4, "dry_penalty_last_n": 256}"#))
        #expect(all.chat.sampling.repetitionGuard == RepetitionGuard(multiplier: 1.5, base: 2, allowedLength: 4, window: 256))
        for bad in [#""dry_multiplier": -1"#, #""dry_base": 0.5"#, #""dry_allowed_length": 0"#, #""dry_penalty_last_n": -2"#,
            #""dry_multiplier": "high""#]
        {
            #expect(throws: JSONFieldError.self) {
                try ChatCompletionRequest(json: json(#"{"model": "m", "messages": [{"role": "user", "content": "Hi"}], "# + bad + "}"))
            }
        }
    }

    @Test func anthropicMessages() throws {
        let bare = try MessagesRequest(json: json(#"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}]}"#))
        #expect(bare.chat.explicitSampling.isEmpty)
        let some = try MessagesRequest(json: json(#"{"model": "m", "max_tokens": 10, "messages": [{"role": "user", "content": "Hi"}], "temperature": 0, "top_k": 3}"#))
        #expect(some.chat.explicitSampling == [.temperature, .topK])
    }
}
