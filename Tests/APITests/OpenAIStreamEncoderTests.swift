import APICommon
import InferenceTypes
import OpenAIAPI
import Testing

@Suite struct OpenAIStreamEncoderTests {
    static let header = OpenAIResponseHeader(id: "c1", created: 1, model: "grok-3-mini", systemFingerprint: "fp_x")

    static func encode(_ items: [ChatStreamItem], n: Int = 1, includeUsage: Bool, options: OpenAIResponseOptions = .init()) -> [StreamFrame] {
        var e = ChatCompletionStreamEncoder(header: header, options: options, choiceCount: n, includeUsage: includeUsage)
        return items.flatMap { e.encode($0) } + e.finish()
    }

    static let toolScript: [ChatStreamItem] = [
        .started(promptTokens: 40, cachedPromptTokens: 0),
        .choice(index: 0, .reasoningDelta("Let")),
        .choice(index: 0, .contentDelta("Checking the weather.")),
        .choice(index: 0, .toolCallStart(index: 0, id: "call_1", name: "get_weather")),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #"{"city":"#)),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #""Paris"}"#)),
        .choice(index: 0, .toolCallEnd(index: 0)),
        .choice(index: 0, .finished(.toolCalls)),
        .usage(Usage(promptTokens: 40, cachedPromptTokens: 0, completionTokens: 22, reasoningTokens: 58)),
    ]

    /// The Chat Completions chunk sequence, written out by hand.
    @Test func goldenToolCallStream() {
        let p = #"{"id":"c1","object":"chat.completion.chunk","created":1,"model":"grok-3-mini","system_fingerprint":"fp_x","choices":"#
        let tail = #","logprobs":null,"finish_reason":null}],"usage":null}"#
        let usage =
            #"{"prompt_tokens":40,"completion_tokens":22,"total_tokens":120,"prompt_tokens_details":{"text_tokens":40,"audio_tokens":0,"image_tokens":0,"cached_tokens":0},"completion_tokens_details":{"reasoning_tokens":58,"audio_tokens":0,"accepted_prediction_tokens":0,"rejected_prediction_tokens":0},"num_sources_used":0,"cost_in_usd_ticks":0}"#
        let expected: [String] = [
            p + #"[{"index":0,"delta":{"role":"assistant","content":""}"# + tail,
            p + #"[{"index":0,"delta":{"reasoning_content":"Let"}"# + tail,
            p + #"[{"index":0,"delta":{"content":"Checking the weather."}"# + tail,
            p + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}"# + tail,
            p + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\":"}}]}"# + tail,
            p + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"\"Paris\"}"}}]}"# + tail,
            p + #"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}],"usage":null}"#,
            p + #"[],"usage":"# + usage + "}",
            "[DONE]",
        ]
        let got = events(Self.encode(Self.toolScript, includeUsage: true))
        #expect(got.map(\.name).allSatisfy { $0 == nil })
        #expect(got.map(\.data) == expected)
    }

    @Test func withoutIncludeUsageThereIsNoUsageChunkAndNoUsageKey() {
        let got = events(Self.encode(Self.toolScript, includeUsage: false))
        #expect(got.last?.data == "[DONE]")
        #expect(got.count == 8)
        for e in got.dropLast() {
            let chunk = json(e.data)
            #expect(chunk["usage"] == nil)
            #expect(chunk["choices"]?.arrayValue?.count == 1)
        }
    }

    @Test func choicesKeepTheirIndexes() {
        let items: [ChatStreamItem] = [
            .started(promptTokens: 3, cachedPromptTokens: 0),
            .choice(index: 0, .contentDelta("a")), .choice(index: 1, .contentDelta("b")),
            .choice(index: 1, .finished(.length)), .choice(index: 0, .finished(.stop)),
            .usage(Usage(promptTokens: 3, completionTokens: 2)),
        ]
        let got = events(Self.encode(items, n: 2, includeUsage: true)).dropLast().map { json($0.data) }
        let indexes = got.compactMap { at($0, "choices", 0, "index")?.intValue }
        #expect(indexes == [0, 1, 0, 1, 1, 0])
        #expect(at(got[5], "choices", 0, "finish_reason") == "stop")
        #expect(at(got[4], "choices", 0, "finish_reason") == "length")
    }

    @Test func reasoningAliasAndOpenAIUsageConvention() {
        let options = OpenAIResponseOptions(reasoningInCompletionTokens: true, emitReasoningAlias: true)
        let got = events(Self.encode(Self.toolScript, includeUsage: true, options: options)).map { json($0.data) }
        #expect(at(got[1], "choices", 0, "delta") == ["reasoning_content": "Let", "reasoning": "Let"])
        // OpenAI convention: completion includes reasoning; total is unchanged.
        #expect(at(got[7], "usage", "completion_tokens") == 80)
        #expect(at(got[7], "usage", "total_tokens") == 120)
    }

    @Test func costInTicksFollowsThePriceTable() {
        // grok-3-mini: $0.30 / M input, $0.075 / M cached, $0.50 / M output; $1 = 1e10 ticks.
        let pricing = TokenPricing(inputPerMillion: 0.30, cachedInputPerMillion: 0.075, outputPerMillion: 0.50)
        let u = Usage(promptTokens: 1000, cachedPromptTokens: 400, completionTokens: 100, reasoningTokens: 100)
        // 600 × 0.30 + 400 × 0.075 + 200 × 0.50 = 180 + 30 + 100 = 310 µ$ = 0.00031 $ = 3_100_000 ticks.
        #expect(u.openAIJSON(OpenAIResponseOptions(pricing: pricing))["cost_in_usd_ticks"] == 3_100_000)
        #expect(u.openAIJSON(.init())["total_tokens"] == 1200)
        #expect(u.openAIJSON(.init())["completion_tokens"] == 100)
    }

    @Test func logprobsChunk() {
        let lp = TokenLogprob(token: "Hi", bytes: [72, 105], logprob: -0.01, top: [TokenAlternative(token: "Hi", bytes: [72, 105], logprob: -0.01)])
        let got = events(Self.encode([.choice(index: 0, .contentDelta("Hi")), .choice(index: 0, .logprobs([lp]))], includeUsage: false))
        #expect(
            at(json(got[2].data), "choices", 0, "logprobs")
                == json(#"{"content":[{"token":"Hi","logprob":-0.01,"bytes":[72,105],"top_logprobs":[{"token":"Hi","logprob":-0.01,"bytes":[72,105]}]}],"refusal":null}"#))
    }

    @Test func errorAfterTheFirstByteEndsWithoutDone() {
        var e = ChatCompletionStreamEncoder(header: Self.header, options: .init(), choiceCount: 1, includeUsage: false)
        var frames = e.encode(.started(promptTokens: 1, cachedPromptTokens: 0))
        frames += e.fail(OpenAIErrorBody(status: 500, message: "boom", type: "server_error", code: "internal_error"))
        frames += e.finish()
        let got = events(frames)
        #expect(got.count == 2)
        #expect(json(got[1].data) == json(#"{"error":{"message":"boom","type":"server_error","param":null,"code":"internal_error"}}"#))
    }

    /// The non-streaming body is the fold of the same events: content, reasoning, tool arguments and usage match
    /// what a client reassembles from the chunks.
    @Test func foldEqualsConcatenatedStream() {
        var acc = ChatResultAccumulator()
        for item in Self.toolScript { acc.add(item) }
        let body = ChatCompletionResponse.json(acc.result, header: Self.header, options: .init(), logprobs: false)
        var content = "", reasoning = "", args = ""
        var usage: JSONValue?
        for e in events(Self.encode(Self.toolScript, includeUsage: true)).dropLast() {
            let c = json(e.data)
            if let u = c["usage"], !u.isNull { usage = u }
            guard let d = at(c, "choices", 0, "delta") else { continue }
            content += d["content"]?.stringValue ?? ""
            reasoning += d["reasoning_content"]?.stringValue ?? ""
            args += at(d, "tool_calls", 0, "function", "arguments")?.stringValue ?? ""
        }
        let message = at(body, "choices", 0, "message")
        #expect(message?["content"]?.stringValue == content)
        #expect(message?["reasoning_content"]?.stringValue == reasoning)
        #expect(at(message, "tool_calls", 0, "function", "arguments")?.stringValue == args)
        #expect(at(message, "tool_calls", 0, "id") == "call_1")
        #expect(body["usage"] == usage)
        #expect(at(body, "choices", 0, "finish_reason") == "tool_calls")
        #expect(message?["refusal"] == .null)
        #expect(body["object"] == "chat.completion")
    }
}
