public import APICommon
public import InferenceTypes

/// Turns the Messages event stream of an Anthropic-compatible upstream into chat stream items: the inverse of
/// ``MessagesStreamEncoder``.
///
/// `message_start` → `started` (with the upstream's input tokens); `text_delta` → content, `thinking_delta` →
/// reasoning (signatures are the upstream's and are dropped: Swiftlet signs what it sends), a `tool_use` block →
/// a tool call whose `input_json_delta`s are its arguments, ended by its `content_block_stop`; `message_delta` →
/// the finish (and the output tokens so far, and the input counts when it repeats them); `message_stop` → the usage.
/// An `error` event throws the upstream's error; a stream that ends before `message_stop` throws `truncated`.
public struct MessagesStreamDecoder: Sendable {
    private enum Block: Sendable {
        case text, thinking, other
        case toolUse(call: Int, sentInput: Bool)
    }

    private let promptEstimate: Int
    private var started = false
    private var blocks: [Int: Block] = [:]
    private var calls = 0
    private var usage: Usage
    private var reportedOutput = false
    private var fragments = 0
    private var finished = false
    private var done = false

    /// A decoder for one stream; `promptTokens` is the prompt's estimated size, used when the upstream reports none.
    public init(promptTokens: Int) {
        promptEstimate = promptTokens
        usage = Usage(promptTokens: promptTokens)
    }

    /// The items one SSE event adds.
    public mutating func decode(_ event: SSEEvent) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard !done else { return [] }
        let json: JSONValue
        do { json = try JSONValue.parse(event.data) } catch { throw .malformed("a stream event is not JSON (\(error.description))") }
        let type = event.name ?? json["type"]?.stringValue ?? ""
        if type == "error" {
            let text = UpstreamReplyError.errorText(in: json)
            throw UpstreamReplyError(.errorEvent, text?.message ?? json.serialized(), errorType: text?.type)
        }
        var out: [ChatStreamItem] = []
        if !started, type != "ping" {
            started = true
            if type == "message_start", let u = json["message"]?["usage"], case .object = u {
                let reported = Usage(anthropicUpstream: u)
                if u["input_tokens"] != nil { usage.promptTokens = reported.promptTokens }
                usage.cachedPromptTokens = reported.cachedPromptTokens
            }
            out.append(.started(promptTokens: usage.promptTokens, cachedPromptTokens: usage.cachedPromptTokens))
        }
        switch type {
        case "content_block_start":
            out += try blockStart(json)
        case "content_block_delta":
            out += try blockDelta(json)
        case "content_block_stop":
            guard let index = json["index"]?.intValue.map(Int.init) else { throw .malformed("content_block_stop has no `index`") }
            if case .toolUse(let call, let sent)? = blocks[index] {
                if !sent { out.append(.choice(index: 0, .toolCallArguments(index: call, delta: "{}"))) }
                out.append(.choice(index: 0, .toolCallEnd(index: call)))
            }
            blocks[index] = .other
        case "message_delta":
            if let u = json["usage"], case .object = u {
                if let output = u["output_tokens"]?.intValue {
                    usage.completionTokens = Int(clamping: max(0, output))
                    reportedOutput = true
                }
                // Newer servers repeat the input counts here, cumulative; some proxies only know them here.
                if u["input_tokens"] != nil {
                    let reported = Usage(anthropicUpstream: u)
                    usage.promptTokens = reported.promptTokens
                    usage.cachedPromptTokens = reported.cachedPromptTokens
                }
            }
            if let reason = json["delta"]?["stop_reason"]?.stringValue, !finished {
                finished = true
                let finish = FinishReason(anthropicUpstream: reason, stopSequence: json["delta"]?["stop_sequence"]?.stringValue)
                out.append(.choice(index: 0, .finished(finish == .stop && calls > 0 ? .toolCalls : finish)))
            }
        case "message_stop":
            out += try close(sawStop: true)
        default:
            break
        }
        return out
    }

    /// The items that end the stream when its body ended (EOF).
    public mutating func finish() throws(UpstreamReplyError) -> [ChatStreamItem] {
        try close(sawStop: false)
    }

    private mutating func close(sawStop: Bool) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard !done else { return [] }
        done = true
        guard started, sawStop else { throw UpstreamReplyError(.truncated, "the upstream's stream ended before `message_stop`") }
        var out: [ChatStreamItem] = []
        if !finished { out.append(.choice(index: 0, .finished(calls > 0 ? .toolCalls : .stop))) }
        if !reportedOutput { usage.completionTokens = fragments }
        out.append(.usage(usage))
        return out
    }

    private mutating func blockStart(_ json: JSONValue) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard let index = json["index"]?.intValue.map(Int.init), let block = json["content_block"],
            let type = block["type"]?.stringValue
        else { throw .malformed("content_block_start has no `index` or `content_block.type`") }
        switch type {
        case "text":
            blocks[index] = .text
            return delta(.contentDelta(block["text"]?.stringValue ?? ""))
        case "thinking":
            blocks[index] = .thinking
            return delta(.reasoningDelta(block["thinking"]?.stringValue ?? ""))
        case "tool_use":
            guard let name = block["name"]?.stringValue, !name.isEmpty else { throw .malformed("a tool_use block has no `name`") }
            let id = block["id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? RandomID.make("toolu_")
            let call = calls
            calls += 1
            var out: [ChatStreamItem] = [.choice(index: 0, .toolCallStart(index: call, id: id, name: name))]
            // Anthropic opens with `input: {}` and streams the input; a server that sends it whole here is honoured.
            var sent = false
            if let input = block["input"], case .object(let pairs) = input, !pairs.isEmpty {
                out.append(.choice(index: 0, .toolCallArguments(index: call, delta: input.serialized())))
                sent = true
            }
            blocks[index] = .toolUse(call: call, sentInput: sent)
            return out
        default:
            blocks[index] = .other
            return []
        }
    }

    private mutating func blockDelta(_ json: JSONValue) throws(UpstreamReplyError) -> [ChatStreamItem] {
        guard let index = json["index"]?.intValue.map(Int.init), let d = json["delta"], let type = d["type"]?.stringValue else {
            throw .malformed("content_block_delta has no `index` or `delta.type`")
        }
        switch (type, blocks[index]) {
        case ("text_delta", _):
            return delta(.contentDelta(d["text"]?.stringValue ?? ""))
        case ("thinking_delta", _):
            return delta(.reasoningDelta(d["thinking"]?.stringValue ?? ""))
        case ("input_json_delta", .toolUse(let call, _)?):
            let partial = d["partial_json"]?.stringValue ?? ""
            guard !partial.isEmpty else { return [] }
            blocks[index] = .toolUse(call: call, sentInput: true)
            fragments += 1
            return [.choice(index: 0, .toolCallArguments(index: call, delta: partial))]
        case ("input_json_delta", _):
            throw .malformed("input_json_delta for block \(index), which is not a tool_use block")
        default:
            // signature_delta, citations_delta, …
            return []
        }
    }

    private mutating func delta(_ event: ChatEvent) -> [ChatStreamItem] {
        switch event {
        case .contentDelta(let s), .reasoningDelta(let s):
            guard !s.isEmpty else { return [] }
        default: break
        }
        fragments += 1
        return [.choice(index: 0, event)]
    }
}
