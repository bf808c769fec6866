public import APICommon
public import InferenceTypes

/// Turns a non-streaming `message` body from an Anthropic-compatible upstream into the chat stream items a stream of
/// the same answer would have given: its thinking, text and tool_use blocks in order, the finish, then the usage.
public enum MessagesBodyDecoder {
    /// The items of `body`; `promptTokens` is the prompt's estimated size, used when the body has no usage.
    public static func items(_ body: JSONValue, promptTokens: Int) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard case .object = body else { throw .malformed("the response body is not a JSON object") }
        if body["type"]?.stringValue == "error" {
            let text = UpstreamReplyError.errorText(in: body)
            throw UpstreamReplyError(.errorEvent, text?.message ?? body.serialized(), errorType: text?.type)
        }
        guard let content = body["content"]?.arrayValue else { throw .malformed("the message has no `content` array") }
        var usage = Usage(promptTokens: promptTokens)
        if let u = body["usage"], case .object = u { usage = Usage(anthropicUpstream: u) }
        var out: [ChatStreamItem] = [.started(promptTokens: usage.promptTokens, cachedPromptTokens: usage.cachedPromptTokens)]
        var calls = 0
        var bytes = 0
        for block in content {
            switch block["type"]?.stringValue {
            case "text"?:
                if let t = block["text"]?.stringValue, !t.isEmpty {
                    out.append(.choice(index: 0, .contentDelta(t)))
                    bytes += t.utf8.count
                }
            case "thinking"?:
                if let t = block["thinking"]?.stringValue, !t.isEmpty {
                    out.append(.choice(index: 0, .reasoningDelta(t)))
                    bytes += t.utf8.count
                }
            case "tool_use"?:
                guard let name = block["name"]?.stringValue, !name.isEmpty else { throw .malformed("a tool_use block has no `name`") }
                let id = block["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? RandomID.make("toolu_")
                let input = block["input"].flatMap { v -> JSONValue? in if case .object = v { return v } else { return nil } } ?? [:]
                let arguments = input.serialized()
                out += [.toolCallStart(index: calls, id: id, name: name), .toolCallArguments(index: calls, delta: arguments),
                    .toolCallEnd(index: calls)].map { .choice(index: 0, $0) }
                bytes += arguments.utf8.count
                calls += 1
            default:
                continue
            }
        }
        let finish = body["stop_reason"]?.stringValue.map {
            FinishReason(anthropicUpstream: $0, stopSequence: body["stop_sequence"]?.stringValue)
        } ?? .stop
        out.append(.choice(index: 0, .finished(finish == .stop && calls > 0 ? .toolCalls : finish)))
        if body["usage"]?["output_tokens"] == nil { usage.completionTokens = TokenEstimate.tokens(bytes: bytes) }
        out.append(.usage(usage))
        return out
    }
}
