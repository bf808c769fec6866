import APICommon
import AnthropicAPI
import InferenceTypes
import Testing

@Suite struct AnthropicStreamEncoderTests {
    static let signer = ThinkingSigner(secret: "test-secret")

    static func encode(_ items: [ChatStreamItem]) -> [SSEEvent] {
        var e = MessagesStreamEncoder(id: "msg_1", model: "grok-3-mini", signer: signer)
        return events(items.flatMap { e.encode($0) } + e.finish())
    }

    static let script: [ChatStreamItem] = [
        .started(promptTokens: 120, cachedPromptTokens: 20),
        .choice(index: 0, .reasoningDelta("User wants weather")),
        .choice(index: 0, .reasoningDelta("…")),
        .choice(index: 0, .contentDelta("Let me check.")),
        .choice(index: 0, .toolCallStart(index: 0, id: "toolu_01", name: "get_weather")),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #"{"city": "Pa"#)),
        .choice(index: 0, .toolCallArguments(index: 0, delta: #"ris"}"#)),
        .choice(index: 0, .toolCallEnd(index: 0)),
        .choice(index: 0, .finished(.toolCalls)),
        .usage(Usage(promptTokens: 120, cachedPromptTokens: 20, completionTokens: 25, reasoningTokens: 60)),
    ]

    /// The Messages API's event sequence, written out by hand.
    @Test func goldenEventSequence() {
        // HMAC-SHA256("test-secret", "User wants weather…"), computed with Python's hmac module.
        let sig = "sig_06ee42ef6afda7479e6199a068347f7523c86069e645ac0da63f475529207be4"
        let expected: [(String, String)] = [
            ("message_start", #"{"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"grok-3-mini","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":100,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":20}}}"#),
            ("ping", #"{"type":"ping"}"#),
            ("content_block_start", #"{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"User wants weather"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"…"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"\#(sig)"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":0}"#),
            ("content_block_start", #"{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Let me check."}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":1}"#),
            ("content_block_start", #"{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"city\": \"Pa"}}"#),
            ("content_block_delta", #"{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"ris\"}"}}"#),
            ("content_block_stop", #"{"type":"content_block_stop","index":2}"#),
            ("message_delta", #"{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":85,"input_tokens":100,"cache_creation_input_tokens":0,"cache_read_input_tokens":20}}"#),
            ("message_stop", #"{"type":"message_stop"}"#),
        ]
        let got = Self.encode(Self.script)
        #expect(got.count == expected.count)
        for (g, e) in zip(got, expected) {
            #expect(g.name == e.0)
            #expect(g.data == e.1)
        }
    }

    /// Checks the grammar Claude Code relies on: message_start first, message_stop last, block indexes from 0
    /// in order, never two open at once, deltas only for the open block, every data `type` equal to the event name.
    static func checkGrammar(_ evs: [SSEEvent]) {
        #expect(evs.first?.name == "message_start")
        #expect(evs.last?.name == "message_stop")
        #expect(evs.filter { $0.name == "message_delta" }.count == 1)
        var open: Int?
        var next = 0
        for e in evs {
            let d = json(e.data)
            #expect(d["type"]?.stringValue == e.name)
            switch e.name {
            case "content_block_start":
                #expect(open == nil)
                #expect(d["index"]?.intValue == Int64(next))
                open = next
                next += 1
            case "content_block_delta":
                #expect(open != nil && d["index"]?.intValue == open.map(Int64.init))
            case "content_block_stop":
                #expect(d["index"]?.intValue == open.map(Int64.init))
                open = nil
            case "message_delta", "message_stop":
                #expect(open == nil)
            default: break
            }
        }
    }

    @Test func grammarHoldsForInterleavedOutput() {
        let items: [ChatStreamItem] = [
            .started(promptTokens: 5, cachedPromptTokens: 0),
            .choice(index: 0, .contentDelta("a")), .choice(index: 0, .reasoningDelta("b")), .choice(index: 0, .contentDelta("")),
            .choice(index: 0, .contentDelta("c")),
            .choice(index: 0, .toolCallStart(index: 0, id: "t0", name: "f")), .choice(index: 0, .toolCallStart(index: 1, id: "t1", name: "g")),
            .choice(index: 0, .toolCallArguments(index: 0, delta: "{}")),  // for a closed block: dropped
            .choice(index: 0, .toolCallArguments(index: 1, delta: "{}")), .choice(index: 0, .toolCallEnd(index: 1)),
            .choice(index: 1, .contentDelta("ignored")),
            .choice(index: 0, .finished(.toolCalls)), .usage(Usage(promptTokens: 5, completionTokens: 4)),
        ]
        let evs = Self.encode(items)
        Self.checkGrammar(evs)
        #expect(evs.filter { $0.name == "content_block_start" }.count == 5)
        #expect(!evs.contains { $0.data.contains("ignored") })
    }

    @Test func grammarHoldsForEmptyOutputAndMissingUsage() {
        let evs = Self.encode([.started(promptTokens: 5, cachedPromptTokens: 0), .choice(index: 0, .finished(.length))])
        Self.checkGrammar(evs)
        #expect(at(json(evs.first { $0.name == "message_delta" }?.data ?? ""), "delta", "stop_reason") == "max_tokens")
    }

    @Test func stopSequenceIsReported() {
        let evs = Self.encode([.started(promptTokens: 1, cachedPromptTokens: 0), .choice(index: 0, .contentDelta("x")), .choice(index: 0, .finished(.stopSequence("END"))), .usage(Usage())])
        let delta = json(evs.first { $0.name == "message_delta" }?.data ?? "")
        #expect(at(delta, "delta") == ["stop_reason": "stop_sequence", "stop_sequence": "END"])
    }

    @Test func keepAliveIsACommentBeforeMessageStartAndAPingAfter() {
        var e = MessagesStreamEncoder(id: "m", model: "x", signer: Self.signer)
        #expect(e.keepAlive() == .comment("ping"))
        _ = e.encode(.started(promptTokens: 1, cachedPromptTokens: 0))
        #expect(e.keepAlive() == .event(name: "ping", data: #"{"type":"ping"}"#))
    }

    @Test func errorEvent() {
        var e = MessagesStreamEncoder(id: "m", model: "x", signer: Self.signer)
        var frames = e.encode(.started(promptTokens: 1, cachedPromptTokens: 0))
        frames += e.fail(AnthropicErrorBody(InferenceError.overloaded(retryAfterSeconds: 1)))
        frames += e.finish()
        let evs = events(frames)
        #expect(evs.last?.name == "error")
        #expect(json(evs.last?.data ?? "") == json(#"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#))
    }

    /// The non-streaming message is the fold of the same events.
    @Test func foldEqualsConcatenatedStream() {
        var acc = ChatResultAccumulator()
        for item in Self.script { acc.add(item) }
        let body = MessagesResponse.json(acc.result, id: "msg_1", model: "grok-3-mini", signer: Self.signer)
        var thinking = "", text = "", partial = "", signature = ""
        var usage: JSONValue?
        for e in Self.encode(Self.script) {
            let d = json(e.data)
            if e.name == "message_delta" { usage = d["usage"] }
            guard e.name == "content_block_delta", let delta = d["delta"] else { continue }
            thinking += delta["thinking"]?.stringValue ?? ""
            text += delta["text"]?.stringValue ?? ""
            partial += delta["partial_json"]?.stringValue ?? ""
            signature += delta["signature"]?.stringValue ?? ""
        }
        let content = body["content"]?.arrayValue ?? []
        #expect(content.map { $0["type"] } == ["thinking", "text", "tool_use"])
        #expect(content[0]["thinking"]?.stringValue == thinking)
        #expect(content[0]["signature"]?.stringValue == signature)
        #expect(content[1]["text"]?.stringValue == text)
        #expect(content[2]["input"] == json(partial))
        #expect(body["stop_reason"] == "tool_use")
        #expect(at(body, "usage", "output_tokens") == usage?["output_tokens"])
        #expect(at(body, "usage", "input_tokens") == usage?["input_tokens"])
        #expect(at(body, "usage", "cache_read_input_tokens") == usage?["cache_read_input_tokens"])
    }
}
