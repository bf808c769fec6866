public import APICommon
public import InferenceTypes

/// Turns a non-streaming `chat.completion` (or `text_completion`) body from an OpenAI-compatible upstream (one that answered a streaming
/// request with a whole body) into the chat stream items a stream of the same answer would have given: each
/// choice's reasoning, content, whole tool calls and logprobs, its finish, then the usage.
public enum ChatCompletionBodyDecoder {
    /// The items of `body`; `promptTokens` is the prompt's estimated size, used when the body has no usage.
    public static func items(_ body: JSONValue, promptTokens: Int) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard case .object = body else { throw .malformed("the response body is not a JSON object") }
        if let error = body["error"], !error.isNull {
            let text = UpstreamReplyError.errorText(in: body)
            throw UpstreamReplyError(.errorEvent, text?.message ?? error.serialized(), errorType: text?.type)
        }
        guard let choices = body["choices"]?.arrayValue, !choices.isEmpty else { throw .malformed("the response has no `choices`") }
        let reported = body["usage"].flatMap { u -> Usage? in if case .object = u { return Usage(openAIUpstream: u) } else { return nil } }
        var out: [ChatStreamItem] = [
            .started(promptTokens: reported?.promptTokens ?? promptTokens, cachedPromptTokens: reported?.cachedPromptTokens ?? 0)
        ]
        var generatedBytes = 0
        var reasoningBytes = 0
        for (position, choice) in choices.enumerated() {
            let index = Int(clamping: choice["index"]?.intValue ?? Int64(position))
            guard RequestLimits.choices.contains(index + 1) else { throw .malformed("a choice has an unusable `index`") }
            // A legacy text completion has `text` where a chat completion has `message`.
            let message = choice["message"] ?? choice["text"].map { JSONValue.makeObject([("content", $0)]) }
            guard let message, case .object = message else { throw .malformed("choice \(index) has no `message`") }
            var events: [ChatEvent] = []
            if let r = message["reasoning_content"]?.stringValue ?? message["reasoning"]?.stringValue, !r.isEmpty {
                events.append(.reasoningDelta(r))
                reasoningBytes += r.utf8.count
            }
            if let c = message["content"]?.stringValue ?? message["refusal"]?.stringValue, !c.isEmpty {
                events.append(.contentDelta(c))
                generatedBytes += c.utf8.count
            }
            var tools = ToolCallAssembly()
            for (k, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                guard case .object(var pairs) = call else { throw .malformed("a tool call is not an object") }
                pairs.removeAll { $0.key == "index" }
                pairs.append((key: "index", value: .int(Int64(k))))
                events += try tools.add(.object(pairs))
                generatedBytes += call["function"]?["arguments"]?.stringValue?.utf8.count ?? 0
            }
            events += try tools.finish()
            let logprobs = TokenLogprob.fromOpenAIUpstream(choice["logprobs"])
            if !logprobs.isEmpty { events.append(.logprobs(logprobs)) }
            let finish = choice["finish_reason"]?.stringValue.map(FinishReason.init(openAIUpstream:)) ?? .stop
            events.append(.finished(finish == .stop && tools.count > 0 ? .toolCalls : finish))
            out += events.map { .choice(index: index, $0) }
        }
        let estimated = Usage(promptTokens: promptTokens, completionTokens: TokenEstimate.tokens(bytes: generatedBytes),
            reasoningTokens: TokenEstimate.tokens(bytes: reasoningBytes))
        out.append(.usage(reported ?? estimated))
        return out
    }
}
