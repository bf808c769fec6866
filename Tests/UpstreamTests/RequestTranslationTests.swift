import AnthropicAPI
import InferenceTypes
import OpenAIAPI
import Testing

/// Requests both ways: a `ChatRequest` (what either front end decoded) is written in an upstream's wire format, and
/// the same front end's decoder reads the body back into the same request, field by field.
@Suite struct RequestTranslationTests {
    static let weather = ToolDefinition(name: "get_weather", description: "Current weather",
        parameters: ["type": "object", "properties": ["city": ["type": "string"]], "required": ["city"]])

    /// A conversation with every role: system, user, an assistant turn with reasoning and a tool call, its result,
    /// and a follow-up.
    static func conversation() -> ChatRequest {
        var chat = ChatRequest(model: "served-id", messages: [
            ChatMessage(role: .system, text: "You are terse."),
            ChatMessage(role: .user, text: "Weather in Paris?"),
            ChatMessage(role: .assistant, content: [], reasoning: "Need the tool.",
                toolCalls: [ToolCall(id: "call_1", name: "get_weather", arguments: #"{"city":"Paris"}"#)]),
            ChatMessage(role: .tool, content: [.text(#"{"temp_c":21}"#)], toolCallID: "call_1"),
            ChatMessage(role: .user, text: "And in Rome?"),
        ])
        chat.tools = [weather]
        chat.toolChoice = .function("get_weather")
        chat.parallelToolCalls = false
        chat.maxTokens = 300
        chat.stop = ["END"]
        chat.user = "u-1"
        return chat
    }

    @Test func openAIEngineBodyDecodesBackToTheSameRequest() throws {
        var chat = Self.conversation()
        chat.sampling = SamplingParameters(temperature: 0.25, topK: 40, topP: 0.9, minP: 0.05, presencePenalty: 0.5,
            frequencyPenalty: -0.5, repetitionPenalty: 1.1, logitBias: [42: -100], seed: 7, logprobs: true, topLogprobs: 3)
        chat.explicitSampling = [.temperature, .topK, .topP, .minP, .repetitionPenalty]
        chat.n = 2
        chat.responseFormat = .jsonSchema(name: "answer", schema: ["type": "object"], strict: true)
        chat.reasoning = ReasoningOptions(enabled: true, budgetTokens: 128, effort: .low)
        let body = try ChatCompletionRequestBody.json(chat, model: "remote/model", dialect: .engine)
        #expect(body["model"] == "remote/model")
        #expect(body["stream"] == true)
        #expect(body["stream_options"] == ["include_usage": true])
        let back = try ChatCompletionRequest(json: body)
        #expect(back.stream)
        #expect(back.includeUsage)
        let d = back.chat
        #expect(d.messages == chat.messages)
        #expect(d.tools == chat.tools)
        #expect(d.toolChoice == chat.toolChoice)
        #expect(d.parallelToolCalls == false)
        #expect(d.sampling == chat.sampling)
        #expect(d.explicitSampling == chat.explicitSampling)
        #expect(d.maxTokens == 300)
        #expect(d.stop == ["END"])
        #expect(d.user == "u-1")
        #expect(d.n == 2)
        #expect(d.responseFormat == chat.responseFormat)
        #expect(d.reasoning.enabled == true)
        #expect(d.reasoning.budgetTokens == 128)
        #expect(d.reasoning.effort == .low)
    }

    @Test func openAIStandardBodyKeepsToOpenAIFields() throws {
        var chat = Self.conversation()
        chat.sampling = SamplingParameters(temperature: 0.25, topK: 40, minP: 0.05, seed: 7)
        chat.explicitSampling = [.temperature, .topK, .minP]
        chat.reasoning = ReasoningOptions(enabled: false)
        chat.templateVariables = ["x": 1]
        let body = try ChatCompletionRequestBody.json(chat, model: "gpt-x", dialect: .standard)
        let keys = Set(body.objectValue?.map(\.key) ?? [])
        #expect(keys == ["model", "messages", "stream", "stream_options", "max_completion_tokens", "temperature", "seed",
            "stop", "user", "tools", "tool_choice", "parallel_tool_calls"])
        // No reasoning_content on assistant turns either.
        #expect(body["messages"]?.arrayValue?[2]["reasoning_content"] == nil)
        let back = try ChatCompletionRequest(json: body).chat
        #expect(back.maxTokens == 300)
        #expect(back.messages[2].reasoning == nil)
        #expect(throws: InferenceError.self) {
            var g = chat
            g.responseFormat = .grammar("root ::= \"a\"")
            _ = try ChatCompletionRequestBody.json(g, model: "gpt-x", dialect: .standard)
        }
    }

    @Test func openAIBodyFieldTable() throws {
        var chat = ChatRequest(model: "m", messages: [ChatMessage(role: .user, content: [.text("look"), .image(url: "https://x/y.png")])])
        chat.explicitSampling = []
        let body = try ChatCompletionRequestBody.json(chat, model: "m", dialect: .engine)
        #expect(body.serialized() == #"{"model":"m","messages":[{"role":"user","content":[{"type":"text","text":"look"},{"type":"image_url","image_url":{"url":"https://x/y.png"}}]}],"stream":true,"stream_options":{"include_usage":true}}"#)
        chat.toolChoice = .required
        chat.tools = [Self.weather]
        chat.responseFormat = .jsonObject
        chat.reasoning.effort = ReasoningEffort.none
        chat.templateVariables = ["enable_thinking": false]
        let more = try ChatCompletionRequestBody.json(chat, model: "m", dialect: .engine)
        #expect(more["tool_choice"] == "required")
        #expect(more["response_format"] == ["type": "json_object"])
        #expect(more["reasoning_effort"] == "none")
        #expect(more["chat_template_kwargs"] == ["enable_thinking": false])
        let back = try ChatCompletionRequest(json: more).chat
        #expect(back.toolChoice == .required)
        #expect(back.reasoning.enabled == false)
    }

    @Test func anthropicBodyDecodesBackToTheSameRequest() throws {
        var chat = Self.conversation()
        chat.sampling = SamplingParameters(temperature: 0.5, topK: 20, topP: 0.8)
        chat.explicitSampling = [.temperature, .topK, .topP]
        chat.maxTokens = 4096
        chat.reasoning = ReasoningOptions(enabled: true, budgetTokens: 2048)
        chat.responseFormat = .jsonSchema(name: nil, schema: ["type": "object"], strict: true)
        let body = try MessagesRequestBody.json(chat, model: "claude-x", defaultMaxTokens: 1024)
        #expect(body["system"] == "You are terse.")
        #expect(body["thinking"] == ["type": "enabled", "budget_tokens": 2048])
        #expect(body["tool_choice"] == ["type": "tool", "name": "get_weather", "disable_parallel_tool_use": true])
        let turns = body["messages"]?.arrayValue ?? []
        #expect(turns.map { $0["role"]?.stringValue } == ["user", "assistant", "user"])
        // The tool result and the next question share one user turn, the result first.
        #expect(turns[2]["content"]?.arrayValue?.map { $0["type"]?.stringValue } == ["tool_result", "text"])
        let back = try MessagesRequest(json: body).chat
        var expected = chat.messages
        expected[2].reasoning = nil
        #expect(back.messages == expected)
        #expect(back.tools == chat.tools)
        #expect(back.toolChoice == .function("get_weather"))
        #expect(back.parallelToolCalls == false)
        #expect(back.sampling.temperature == 0.5)
        #expect(back.sampling.topK == 20)
        #expect(back.sampling.topP == 0.8)
        #expect(back.explicitSampling == chat.explicitSampling)
        #expect(back.maxTokens == 4096)
        #expect(back.stop == ["END"])
        #expect(back.user == "u-1")
        #expect(back.reasoning.enabled == true)
        #expect(back.reasoning.budgetTokens == 2048)
        #expect(back.responseFormat == chat.responseFormat)
    }

    @Test func anthropicBodyFieldTable() throws {
        var chat = ChatRequest(model: "m", messages: [
            ChatMessage(role: .user, content: [.text(""), .image(url: "data:image/png;base64,AAAA")]),
        ])
        chat.explicitSampling = [.temperature]
        chat.sampling.temperature = 1.7
        chat.reasoning.effort = .high
        let body = try MessagesRequestBody.json(chat, model: "m", defaultMaxTokens: 512)
        #expect(body.serialized() == #"{"model":"m","max_tokens":512,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]}],"stream":true,"temperature":1.0}"#)
        // Thinking needs room for the smallest budget; with it, an effort turns thinking on.
        chat.maxTokens = 3000
        #expect(try MessagesRequestBody.json(chat, model: "m", defaultMaxTokens: 512)["thinking"] == ["type": "enabled", "budget_tokens": 1500])
        chat.reasoning = ReasoningOptions(enabled: false)
        #expect(try MessagesRequestBody.json(chat, model: "m", defaultMaxTokens: 512)["thinking"] == ["type": "disabled"])
        chat.n = 2
        #expect(throws: InferenceError.self) { _ = try MessagesRequestBody.json(chat, model: "m", defaultMaxTokens: 512) }
    }

    @Test func textCompletionBodyDecodesBackToTheSameRequest() throws {
        var c = CompletionRequest(model: "m", prompt: "Once")
        c.sampling = SamplingParameters(temperature: 0.5, topK: 10, seed: 3, logprobs: true, topLogprobs: 2)
        c.explicitSampling = [.temperature, .topK]
        c.maxTokens = 7
        c.n = 2
        c.stop = ["\n"]
        c.echo = true
        let body = TextCompletionRequestBody.json(c, model: "remote", dialect: .engine)
        let back = try TextCompletionRequest(json: body)
        #expect(back.stream && back.includeUsage)
        #expect(back.completion.prompt == "Once")
        #expect(back.completion.model == "remote")
        #expect(back.completion.sampling == c.sampling)
        #expect(back.completion.explicitSampling == c.explicitSampling)
        #expect(back.completion.maxTokens == 7)
        #expect(back.completion.n == 2)
        #expect(back.completion.stop == ["\n"])
        #expect(back.completion.echo)
    }

    @Test func toolChoiceTableBothWays() throws {
        let cases: [(ToolChoice, JSONValue, JSONValue)] = [
            (.none, "none", ["type": "none"]),
            (.auto, "auto", ["type": "auto"]),
            (.required, "required", ["type": "any"]),
            (.function("get_weather"), ["type": "function", "function": ["name": "get_weather"]], ["type": "tool", "name": "get_weather"]),
        ]
        for (choice, openAI, anthropic) in cases {
            var chat = ChatRequest(model: "m", messages: [ChatMessage(role: .user, text: "hi")])
            chat.tools = [Self.weather]
            chat.toolChoice = choice
            let o = try ChatCompletionRequestBody.json(chat, model: "m", dialect: .engine)
            let a = try MessagesRequestBody.json(chat, model: "m", defaultMaxTokens: 10)
            #expect(o["tool_choice"] == openAI)
            #expect(a["tool_choice"] == anthropic)
            #expect(try ChatCompletionRequest(json: o).chat.toolChoice == choice)
            #expect(try MessagesRequest(json: a).chat.toolChoice == choice)
        }
    }
}
