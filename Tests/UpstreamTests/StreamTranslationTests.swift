import APICommon
import AnthropicAPI
import InferenceTypes
import OpenAIAPI
import Testing

/// Streams both ways: what Swiftlet's own encoders write, an upstream decoder reads back into the same items; and a
/// stream in one wire format comes out in the other (tool-call argument deltas ↔ `input_json_delta`).
@Suite struct StreamTranslationTests {
    static let script: [ChatStreamItem] = [
        .started(promptTokens: 40, cachedPromptTokens: 8),
        .choice(index: 0, .reasoningDelta("Let me")),
        .choice(index: 0, .reasoningDelta(" think.")),
        .choice(index: 0, .contentDelta("Checking the weather.")),
        .choice(index: 0, .toolCallStart(index: 0, id: "call_1", name: "get_weather")),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #"{"city":"#)),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #""Paris"}"#)),
        .choice(index: 0, .toolCallEnd(index: 0)),
        .choice(index: 0, .toolCallStart(index: 1, id: "call_2", name: "get_time")),
        .choice(index: 0, .toolCallArguments(index: 1, delta: #"{"tz":"CET"}"#)),
        .choice(index: 0, .toolCallEnd(index: 1)),
        .choice(index: 0, .finished(.toolCalls)),
        .usage(Usage(promptTokens: 40, cachedPromptTokens: 8, completionTokens: 22, reasoningTokens: 5)),
    ]

    /// Feeds frames through the SSE parser (as bytes split in two, like a network would) and a decoder.
    static func decode<D>(_ frames: [StreamFrame], _ decoder: D, decode: (inout D, SSEEvent) throws -> [ChatStreamItem],
        finish: (inout D) throws -> [ChatStreamItem]) throws -> [ChatStreamItem]
    {
        var d = decoder
        var parser = SSEParser()
        let bytes = Array(frames.map(\.encoded).joined().utf8)
        var out: [ChatStreamItem] = []
        for part in [bytes[..<(bytes.count / 2)], bytes[(bytes.count / 2)...]] {
            for e in parser.feed(part) { out += try decode(&d, e) }
        }
        return out + (try finish(&d))
    }

    static func openAIDecode(_ frames: [StreamFrame], promptTokens: Int = 99) throws -> [ChatStreamItem] {
        try decode(frames, ChatCompletionStreamDecoder(promptTokens: promptTokens), decode: { try $0.decode($1) }, finish: { try $0.finish() })
    }

    static func anthropicDecode(_ frames: [StreamFrame], promptTokens: Int = 99) throws -> [ChatStreamItem] {
        try decode(frames, MessagesStreamDecoder(promptTokens: promptTokens), decode: { try $0.decode($1) }, finish: { try $0.finish() })
    }

    static func openAIFrames(_ items: [ChatStreamItem], options: OpenAIResponseOptions = .init()) -> [StreamFrame] {
        var e = ChatCompletionStreamEncoder(header: OpenAIResponseHeader(id: "c", created: 1, model: "m"), options: options,
            choiceCount: 1, includeUsage: true)
        return items.flatMap { e.encode($0) } + e.finish()
    }

    static func anthropicFrames(_ items: [ChatStreamItem]) -> [StreamFrame] {
        var e = MessagesStreamEncoder(id: "msg_1", model: "m", signer: ThinkingSigner(secret: "s"))
        return items.flatMap { e.encode($0) } + e.finish()
    }

    @Test func openAIStreamReadsBackItsOwnItems() throws {
        let back = try Self.openAIDecode(Self.openAIFrames(Self.script))
        // The prompt size is only known from the usage chunk at the end; the start carries the estimate.
        #expect(back.first == .started(promptTokens: 99, cachedPromptTokens: 0))
        #expect(Array(back.dropFirst()) == Array(Self.script.dropFirst()))
    }

    @Test func openAIUsageConventionsBothRead() throws {
        // OpenAI's convention (reasoning inside completion_tokens) reads back the same usage.
        let back = try Self.openAIDecode(Self.openAIFrames(Self.script, options: .init(reasoningInCompletionTokens: true)))
        #expect(back.last == Self.script.last)
    }

    @Test func anthropicStreamReadsBackItsOwnItems() throws {
        let back = try Self.anthropicDecode(Self.anthropicFrames(Self.script))
        var expected = Self.script
        // Anthropic names calls `toolu_…` and counts thinking inside output tokens.
        expected[4] = .choice(index: 0, .toolCallStart(index: 0, id: "toolu_1", name: "get_weather"))
        expected[8] = .choice(index: 0, .toolCallStart(index: 1, id: "toolu_2", name: "get_time"))
        expected[expected.count - 1] = .usage(Usage(promptTokens: 40, cachedPromptTokens: 8, completionTokens: 27))
        #expect(back == expected)
    }

    @Test func openAIToolDeltasBecomeInputJSONDeltas() throws {
        let items = try Self.openAIDecode(Self.openAIFrames(Self.script))
        let events = Self.anthropicFrames(items).compactMap { frame -> JSONValue? in
            guard case .event(_, let data) = frame else { return nil }
            return try? JSONValue.parse(data)
        }
        let deltas = events.filter { $0["type"] == "content_block_delta" }.compactMap { $0["delta"] }
        #expect(deltas.filter { $0["type"] == "input_json_delta" }.map { $0["partial_json"] } == [
            .string(#"{"city":"#), .string(#""Paris"}"#), .string(#"{"tz":"CET"}"#),
        ])
        let starts = events.filter { $0["type"] == "content_block_start" }.compactMap { $0["content_block"]?["type"]?.stringValue }
        #expect(starts == ["thinking", "text", "tool_use", "tool_use"])
        let stop = events.first { $0["type"] == "message_delta" }
        #expect(stop?["delta"]?["stop_reason"] == "tool_use")
    }

    @Test func inputJSONDeltasBecomeOpenAIToolCallDeltas() throws {
        let items = try Self.anthropicDecode(Self.anthropicFrames(Self.script))
        let chunks = Self.openAIFrames(items).compactMap { frame -> JSONValue? in
            guard case .event(_, let data) = frame, data != "[DONE]" else { return nil }
            return try? JSONValue.parse(data)
        }
        let calls = chunks.compactMap { $0["choices"]?.arrayValue?.first?["delta"]?["tool_calls"]?.arrayValue?.first }
        #expect(calls.count == 5)
        #expect(calls[0] == ["index": 0, "id": "toolu_1", "type": "function", "function": ["name": "get_weather", "arguments": ""]])
        #expect(calls[1] == ["index": 0, "function": ["arguments": #"{"city":"#]])
        #expect(calls[2] == ["index": 0, "function": ["arguments": #""Paris"}"#]])
        #expect(calls[3]["id"] == "toolu_2")
        #expect(calls[4] == ["index": 1, "function": ["arguments": #"{"tz":"CET"}"#]])
        let finish = chunks.compactMap { $0["choices"]?.arrayValue?.first?["finish_reason"]?.stringValue }
        #expect(finish == ["tool_calls"])
    }

    @Test func stopReasonTable() throws {
        let cases: [(FinishReason, String, String)] = [
            (.stop, "stop", "end_turn"), (.length, "length", "max_tokens"), (.toolCalls, "tool_calls", "tool_use"),
            (.stopSequence("END"), "stop", "stop_sequence"), (.contextLength, "length", "model_context_window_exceeded"),
        ]
        for (reason, openAI, anthropic) in cases {
            #expect(reason.openAIValue == openAI)
            #expect(reason.anthropicStopReason == anthropic)
            let items: [ChatStreamItem] = [.started(promptTokens: 1, cachedPromptTokens: 0), .choice(index: 0, .contentDelta("x")),
                .choice(index: 0, .finished(reason)), .usage(Usage(promptTokens: 1, completionTokens: 1))]
            let viaAnthropic = try Self.anthropicDecode(Self.anthropicFrames(items))
            #expect(viaAnthropic[2] == .choice(index: 0, .finished(reason)))
            let viaOpenAI = try Self.openAIDecode(Self.openAIFrames(items))
            let lossy: FinishReason = reason == .contextLength ? .length : (reason == .stopSequence("END") ? .stop : reason)
            #expect(viaOpenAI[2] == .choice(index: 0, .finished(lossy)))
        }
    }

    @Test func logprobsAndChoicesSurviveTheOpenAIRoundTrip() throws {
        let lp = TokenLogprob(token: "Hi", bytes: [72, 105], logprob: -0.25,
            top: [TokenAlternative(token: "Hi", bytes: [72, 105], logprob: -0.25), TokenAlternative(token: "Yo", bytes: [89, 111], logprob: -2)])
        let items: [ChatStreamItem] = [
            .started(promptTokens: 3, cachedPromptTokens: 0),
            .choice(index: 1, .contentDelta("Yo")), .choice(index: 0, .contentDelta("Hi")), .choice(index: 0, .logprobs([lp])),
            .choice(index: 0, .finished(.stop)), .choice(index: 1, .finished(.length)),
            .usage(Usage(promptTokens: 3, completionTokens: 2)),
        ]
        var e = ChatCompletionStreamEncoder(header: OpenAIResponseHeader(id: "c", created: 1, model: "m"), options: .init(),
            choiceCount: 2, includeUsage: true)
        let frames = items.flatMap { e.encode($0) } + e.finish()
        let back = try Self.openAIDecode(frames, promptTokens: 3)
        #expect(back == items)
    }

    @Test func errorsAndTruncationThrow() throws {
        #expect(throws: UpstreamReplyError(.errorEvent, "boom", errorType: "server_error")) {
            _ = try Self.openAIDecode([.data(#"{"error":{"message":"boom","type":"server_error"}}"#)])
        }
        #expect(throws: UpstreamReplyError.self) {
            _ = try Self.openAIDecode([.data("{not json")])
        }
        let cut = Array(Self.openAIFrames(Self.script).prefix(4))
        #expect(throws: UpstreamReplyError(.truncated, "the upstream's stream ended before choice 0 finished")) {
            _ = try Self.openAIDecode(cut)
        }
        let anthropicCut = Array(Self.anthropicFrames(Self.script).prefix(5))
        #expect(throws: UpstreamReplyError(.truncated, "the upstream's stream ended before `message_stop`")) {
            _ = try Self.anthropicDecode(anthropicCut)
        }
        #expect(throws: UpstreamReplyError(.errorEvent, "Overloaded", errorType: "overloaded_error")) {
            _ = try Self.anthropicDecode([.event(name: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)])
        }
    }

    @Test func anthropicInputCountsFromTheFinalMessageDeltaWin() throws {
        let frames: [StreamFrame] = [
            .event(name: "message_start", data: #"{"type":"message_start","message":{"id":"m","type":"message","role":"assistant","content":[],"usage":{"input_tokens":0,"output_tokens":0}}}"#),
            .event(name: "content_block_start", data: #"{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#),
            .event(name: "content_block_delta", data: #"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}"#),
            .event(name: "content_block_stop", data: #"{"type":"content_block_stop","index":0}"#),
            .event(name: "message_delta", data: #"{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":40,"cache_read_input_tokens":10,"output_tokens":3}}"#),
            .event(name: "message_stop", data: #"{"type":"message_stop"}"#),
        ]
        let items = try Self.anthropicDecode(frames)
        #expect(items.last == .usage(Usage(promptTokens: 50, cachedPromptTokens: 10, completionTokens: 3)))
    }

    @Test func bodiesDecodeLikeTheirStreams() throws {
        var accumulator = ChatResultAccumulator()
        for item in Self.script { accumulator.add(item) }
        let header = OpenAIResponseHeader(id: "c", created: 1, model: "m")
        let openAIBody = ChatCompletionResponse.json(accumulator.result, header: header, options: .init(), logprobs: false)
        var back = ChatResultAccumulator()
        for item in try ChatCompletionBodyDecoder.items(openAIBody, promptTokens: 1) { back.add(item) }
        #expect(back.result == accumulator.result)
        let anthropicBody = MessagesResponse.json(accumulator.result, id: "msg", model: "m", signer: ThinkingSigner(secret: "s"))
        var fromAnthropic = ChatResultAccumulator()
        for item in try MessagesBodyDecoder.items(anthropicBody, promptTokens: 1) { fromAnthropic.add(item) }
        var expected = accumulator.result
        expected.choices[0].toolCalls = expected.choices[0].toolCalls.map { ToolCall(id: ToolUseID.anthropic($0.id), name: $0.name, arguments: $0.arguments) }
        expected.usage = Usage(promptTokens: 40, cachedPromptTokens: 8, completionTokens: 27)
        #expect(fromAnthropic.result == expected)
    }
}
