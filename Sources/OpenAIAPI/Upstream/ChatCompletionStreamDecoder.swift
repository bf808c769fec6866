public import APICommon
public import InferenceTypes

/// Turns the `chat.completion.chunk` stream of an OpenAI-compatible upstream (vLLM, SGLang, llama.cpp's server,
/// another Swiftlet, a hosted provider) into chat stream items: the inverse of ``ChatCompletionStreamEncoder``.
///
/// Per chunk: `delta.reasoning_content` or vLLM's `delta.reasoning` (never both counted) → reasoning, `delta.content`
/// (and `refusal`, and a legacy text completion's `text`) → content, `delta.tool_calls` fragments → tool-call events (``ToolCallAssembly``),
/// `logprobs.content` → logprobs, `finish_reason` → the choice's end. `usage` may come in a last chunk with
/// `choices: []` (OpenAI, vLLM), in the chunk that finishes (older llama.cpp) or in every chunk (vLLM's continuous
/// usage): the last one seen wins and goes out as the final `usage` item. Without any, the usage is counted: the
/// prompt as estimated by the caller, one token per streamed fragment (what these engines send).
///
/// `data: {"error": …}` throws the upstream's error; a stream that ends before every choice finished throws
/// `truncated`, unless it ended with `data: [DONE]`.
public struct ChatCompletionStreamDecoder: Sendable {
    private struct Choice: Sendable {
        var tools = ToolCallAssembly()
        var finished = false
        var generated = 0
        var reasoning = 0
    }

    private let promptEstimate: Int
    private var started = false
    private var choices: [Int: Choice] = [:]
    private var usage: Usage?
    private var done = false

    /// A decoder for one stream; `promptTokens` is the prompt's estimated size, used until (and unless) the
    /// upstream reports its usage.
    public init(promptTokens: Int) {
        promptEstimate = promptTokens
    }

    /// The items one SSE event adds.
    public mutating func decode(_ event: SSEEvent) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard !done else { return [] }
        let data = event.data.trimmingSpaces
        if data == "[DONE]" { return try close(sawDone: true) }
        if data.isEmpty { return [] }
        let chunk: JSONValue
        do { chunk = try JSONValue.parse(String(data)) } catch { throw .malformed("a stream chunk is not JSON (\(error.description))") }
        guard case .object = chunk else { throw .malformed("a stream chunk is not a JSON object") }
        if let error = chunk["error"], !error.isNull {
            let text = UpstreamReplyError.errorText(in: chunk)
            throw UpstreamReplyError(.errorEvent, text?.message ?? error.serialized(), errorType: text?.type)
        }
        var out: [ChatStreamItem] = []
        if let u = chunk["usage"], case .object = u { usage = Usage(openAIUpstream: u) }
        if !started {
            started = true
            out.append(.started(promptTokens: usage?.promptTokens ?? promptEstimate, cachedPromptTokens: usage?.cachedPromptTokens ?? 0))
        }
        let items: [JSONValue]
        switch chunk["choices"] {
        case .array(let a)?: items = a
        case nil, .null?: items = []
        default: throw .malformed("`choices` is not an array")
        }
        for item in items {
            guard let i = item["index"]?.intValue ?? (items.count == 1 ? 0 : nil), (0..<Int64(RequestLimits.choices.upperBound)).contains(i) else {
                throw .malformed("a choice has no usable `index`")
            }
            let index = Int(i)
            var choice = choices[index] ?? Choice()
            defer { choices[index] = choice }
            guard !choice.finished else { continue }
            for event in try Self.events(item, into: &choice) { out.append(.choice(index: index, event)) }
        }
        return out
    }

    /// The items that end the stream when its body ended (EOF).
    public mutating func finish() throws(UpstreamReplyError) -> [ChatStreamItem] {
        try close(sawDone: false)
    }

    private mutating func close(sawDone: Bool) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard !done else { return [] }
        done = true
        guard started else { throw UpstreamReplyError(.truncated, "the upstream's stream ended before its first chunk") }
        if choices.isEmpty { choices[0] = Choice() }
        var out: [ChatStreamItem] = []
        for index in choices.keys.sorted() {
            guard var choice = choices[index], !choice.finished else { continue }
            guard sawDone else { throw UpstreamReplyError(.truncated, "the upstream's stream ended before choice \(index) finished") }
            for e in try choice.tools.finish() { out.append(.choice(index: index, e)) }
            out.append(.choice(index: index, .finished(choice.tools.count > 0 ? .toolCalls : .stop)))
            choice.finished = true
            choices[index] = choice
        }
        out.append(.usage(usage ?? counted))
        return out
    }

    /// What the stream generated, counted one token per fragment, with the estimated prompt.
    private var counted: Usage {
        let all = choices.values.reduce(0) { $0 + $1.generated }
        let reasoning = choices.values.reduce(0) { $0 + $1.reasoning }
        return Usage(promptTokens: promptEstimate, completionTokens: max(0, all - reasoning), reasoningTokens: reasoning)
    }

    /// The events of one element of `choices`.
    private static func events(_ item: JSONValue, into choice: inout Choice) throws(UpstreamReplyError) -> [ChatEvent] {
        var out: [ChatEvent] = []
        if let delta = item["delta"], case .object = delta {
            if let r = delta["reasoning_content"]?.stringValue ?? delta["reasoning"]?.stringValue, !r.isEmpty {
                out.append(.reasoningDelta(r))
                choice.generated += 1
                choice.reasoning += 1
            }
            for key in ["content", "refusal"] {
                if let c = delta[key]?.stringValue, !c.isEmpty {
                    out.append(.contentDelta(c))
                    choice.generated += 1
                }
            }
            if let calls = delta["tool_calls"]?.arrayValue {
                for fragment in calls {
                    let events = try choice.tools.add(fragment)
                    choice.generated += events.isEmpty ? 0 : 1
                    out += events
                }
            }
        }
        // Legacy text completion chunks carry their text beside the finish, not in a delta.
        if let t = item["text"]?.stringValue, !t.isEmpty {
            out.append(.contentDelta(t))
            choice.generated += 1
        }
        let logprobs = TokenLogprob.fromOpenAIUpstream(item["logprobs"])
        if !logprobs.isEmpty { out.append(.logprobs(logprobs)) }
        if let reason = item["finish_reason"]?.stringValue {
            out += try choice.tools.finish()
            let finish = FinishReason(openAIUpstream: reason)
            // Some servers say `stop` after tool calls; the caller's client needs to know it has calls to run.
            out.append(.finished(finish == .stop && choice.tools.count > 0 ? .toolCalls : finish))
            choice.finished = true
        }
        return out
    }
}

extension String {
    /// Without leading and trailing spaces and line breaks.
    var trimmingSpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
        guard let start = firstIndex(where: { !isSpace($0) }), let end = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[start...end]
    }
}
