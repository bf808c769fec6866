import APICommon
import InferenceTypes
import OpenAIAPI
import Testing

/// The Responses API wire format without a server: the decoder's tables, the output fold, and the stream encoder.
@Suite struct ResponsesEncodingTests {
    static func request(_ body: String) throws(JSONFieldError) -> ResponsesRequest { try ResponsesRequest(json: json(body)) }

    @Test func decoderDefaultsAndEcho() throws {
        let r = try Self.request(#"{"model":"m","input":"Hi"}"#)
        #expect(r.store && !r.stream && r.previousResponseID == nil && r.instructions == nil)
        #expect(r.chat().messages == [ChatMessage(role: .user, text: "Hi")])
        #expect(r.chat().toolChoice == ToolChoice.none && r.chat().maxTokens == nil)
        let echo = JSONValue.makeObject(r.echo.members)
        #expect(echo["tool_choice"] == "auto" && echo["tools"] == [] && echo["text"]?["format"] == ["type": "text"])
        #expect(echo["temperature"] == 1 && echo["top_p"] == 1 && echo["store"] == true && echo["metadata"] == [:])
    }

    @Test func decoderErrorsNameTheirPath() {
        let cases: [(String, String)] = [
            (#"{"input":"x"}"#, "model"),
            (#"{"model":"m","input":[{"type":"message","role":"user","content":[{"type":"input_audio"}]}]}"#, "input[0].content[0].type"),
            (#"{"model":"m","input":[{"type":"function_call","call_id":"c","arguments":"{}"}]}"#, "input[0].name"),
            (#"{"model":"m","input":[{"type":"item_reference","id":"x"}]}"#, "input[0].type"),
            (#"{"model":"m","input":"x","tool_choice":{"type":"function","name":"nope"}}"#, "tool_choice"),
            (#"{"model":"m","input":"x","text":{"format":{"type":"json_schema","schema":{}}}}"#, "text.format.name"),
            (#"{"model":"m","input":"x","reasoning":{"summary":"long"}}"#, "reasoning.summary"),
            (#"{"model":"m","input":"x","metadata":{"k":1}}"#, "metadata.k"),
            (#"{"model":"m","input":"x","max_output_tokens":0}"#, "max_output_tokens"),
        ]
        for (body, path) in cases {
            do {
                _ = try Self.request(body)
                Issue.record("\(body) was accepted")
            } catch {
                #expect(error.path == path, "\(body): \(error)")
            }
        }
    }

    @Test func foldGivesDeterministicItemsInEventOrder() {
        let items: [ChatStreamItem] = [
            .started(promptTokens: 5, cachedPromptTokens: 1),
            .choice(index: 0, .reasoningDelta("why")),
            .choice(index: 0, .contentDelta("ok")),
            .choice(index: 0, .toolCallStart(index: 0, id: "call_a", name: "f")),
            .choice(index: 0, .toolCallArguments(index: 0, delta: "{}")),
            .choice(index: 0, .toolCallEnd(index: 0)),
            .choice(index: 1, .contentDelta("other choice")),
            .choice(index: 0, .finished(.toolCalls)),
            .usage(Usage(promptTokens: 5, cachedPromptTokens: 1, completionTokens: 3, reasoningTokens: 1)),
        ]
        func fold() -> ResponseOutputAssembler {
            var a = ResponseOutputAssembler(responseID: "resp_abc")
            for item in items { _ = a.add(item) }
            _ = a.close()
            return a
        }
        let a = fold()
        #expect(a.items.map(\.id) == ["rs_abc0", "msg_abc1", "fc_abc2"])
        #expect(a.items.map(\.text) == ["why", "ok", "{}"])
        #expect(a.items.allSatisfy { $0.status == "completed" } && !a.isIncomplete)
        #expect(a.items == fold().items)
        #expect(a.usage.completionTokens == 3)
    }

    @Test func encoderNumbersEveryEventAndEndsWithTheFoldedResponse() throws {
        let r = try Self.request(#"{"model":"m","input":"Hi","max_output_tokens":3}"#)
        var encoder = ResponsesStreamEncoder(envelope: ResponseEnvelope(id: "resp_x", createdAt: 1, model: "m", echo: r.echo))
        var frames: [StreamFrame] = []
        for item: ChatStreamItem in [
            .started(promptTokens: 2, cachedPromptTokens: 0), .choice(index: 0, .contentDelta("a")),
            .choice(index: 0, .contentDelta("b")), .choice(index: 0, .finished(.length)),
            .usage(Usage(promptTokens: 2, completionTokens: 2)),
        ] { frames += encoder.encode(item) }
        frames += encoder.finish()
        let again = encoder.finish()
        let after = encoder.encode(.usage(Usage()))
        #expect(again.isEmpty && after.isEmpty)
        let evs = events(frames)
        #expect(evs.first?.name == "response.created" && evs.last?.name == "response.incomplete")
        #expect(evs.map { json($0.data)["sequence_number"]?.intValue ?? -1 } == (0..<Int64(evs.count)).map { $0 })
        let final = at(json(evs.last?.data ?? ""), "response")
        #expect(final?["incomplete_details"] == ["reason": "max_output_tokens"])
        #expect(at(final, "output", 0, "status") == "incomplete" && at(final, "output", 0, "content", 0, "text") == "ab")
        #expect(at(final, "max_output_tokens") == 3 && at(final, "usage", "output_tokens") == 2)
    }
}
