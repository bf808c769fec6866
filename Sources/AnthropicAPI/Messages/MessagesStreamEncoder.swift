public import APICommon
public import InferenceTypes

/// Turns a chat response stream into Anthropic Messages SSE events with the exact event grammar of the Messages API:
///
/// `message_start` (with the real `input_tokens`) · `ping` · for each block: `content_block_start`,
/// `content_block_delta`s, `content_block_stop` · `message_delta` (stop reason, cumulative usage) · `message_stop`.
///
/// Block indexes start at 0, grow by one and never overlap: a new kind of output (thinking → text → tool_use)
/// closes the open block first, and a delta is only ever sent for the open block. A thinking block gets a
/// `signature_delta` before its `content_block_stop`. Only choice 0 is encoded (Anthropic has no `n`).
public struct MessagesStreamEncoder: Sendable {
    private enum Block: Equatable {
        case thinking
        case text
        case toolUse(call: Int)
    }

    /// The message id (`msg_…`).
    public let id: String
    /// The model name as the client sent it.
    public let model: String
    private var open: Block?
    private var openIndex = -1
    private var nextIndex = 0
    private var thinkingText = ""
    private var started = false
    private var stopReason: FinishReason?
    private var usage = Usage()
    private var finished = false

    /// Signs thinking blocks (`signature_delta`).
    public let signer: ThinkingSigner

    /// Prices for the cost in the final `message_delta` usage; nil leaves it out.
    public let pricing: TokenPricing?

    /// An encoder for one message stream.
    public init(id: String, model: String, signer: ThinkingSigner, pricing: TokenPricing? = nil) {
        self.id = id
        self.model = model
        self.signer = signer
        self.pricing = pricing
    }

    /// True once `message_start` went out (keep-alives before it are SSE comments, after it `ping` events).
    public var hasStarted: Bool { started }

    /// The frames for one stream item.
    public mutating func encode(_ item: ChatStreamItem) -> [StreamFrame] {
        guard !finished else { return [] }
        switch item {
        case .started(let prompt, let cached):
            usage.promptTokens = prompt
            usage.cachedPromptTokens = cached
            return startIfNeeded()
        case .choice(let index, let event):
            guard index == 0 else { return [] }
            return startIfNeeded() + frames(event)
        case .usage(let u):
            usage = u
            return startIfNeeded() + close()
        }
    }

    /// Closes a stream that ended normally (normally a no-op: `.usage` already closed it).
    public mutating func finish() -> [StreamFrame] {
        guard !finished else { return [] }
        return startIfNeeded() + close()
    }

    /// The in-stream `error` event for a failure after the first byte; the stream then ends.
    public mutating func fail(_ error: AnthropicErrorBody) -> [StreamFrame] {
        guard !finished else { return [] }
        finished = true
        return [event("error", error.json(requestID: nil))]
    }

    /// A keep-alive frame: a `ping` event once the message started, an SSE comment before.
    public func keepAlive() -> StreamFrame {
        started ? event("ping", ["type": "ping"]) : .comment("ping")
    }

    private mutating func startIfNeeded() -> [StreamFrame] {
        guard !started else { return [] }
        started = true
        let message = MessagesResponse.message(id: id, model: model, content: [], stopReason: nil,
            usage: usage.anthropicJSON(full: false))
        return [
            event("message_start", .makeObject([("type", "message_start"), ("message", message)])),
            event("ping", ["type": "ping"]),
        ]
    }

    private mutating func frames(_ e: ChatEvent) -> [StreamFrame] {
        switch e {
        case .reasoningDelta(let s):
            guard !s.isEmpty else { return [] }
            var out = ensureOpen(.thinking, start: MessagesResponse.thinkingBlock("", signature: ""))
            thinkingText += s
            out.append(delta(["type": "thinking_delta", "thinking": .string(s)]))
            return out
        case .contentDelta(let s):
            guard !s.isEmpty else { return [] }
            var out = ensureOpen(.text, start: MessagesResponse.textBlock(""))
            out.append(delta(["type": "text_delta", "text": .string(s)]))
            return out
        case .toolCallStart(let call, let callID, let name):
            let start = MessagesResponse.toolUseBlock(id: callID, name: name, input: [:])
            return closeOpen() + openBlock(.toolUse(call: call), start: start)
        case .toolCallArguments(let call, let json):
            guard open == .toolUse(call: call), !json.isEmpty else { return [] }
            return [delta(["type": "input_json_delta", "partial_json": .string(json)])]
        case .toolCallEnd(let call):
            guard open == .toolUse(call: call) else { return [] }
            return closeOpen()
        case .logprobs:
            return []
        case .finished(let reason):
            stopReason = reason
            return closeOpen()
        }
    }

    private mutating func ensureOpen(_ block: Block, start: JSONValue) -> [StreamFrame] {
        guard open != block else { return [] }
        return closeOpen() + openBlock(block, start: start)
    }

    private mutating func openBlock(_ block: Block, start: JSONValue) -> [StreamFrame] {
        open = block
        openIndex = nextIndex
        nextIndex += 1
        if block == .thinking { thinkingText = "" }
        return [
            event(
                "content_block_start",
                .makeObject([("type", "content_block_start"), ("index", .int(Int64(openIndex))), ("content_block", start)]))
        ]
    }

    private mutating func closeOpen() -> [StreamFrame] {
        guard let block = open else { return [] }
        var out: [StreamFrame] = []
        if block == .thinking {
            out.append(delta(["type": "signature_delta", "signature": .string(signer.signature(for: thinkingText))]))
        }
        out.append(event("content_block_stop", .makeObject([("type", "content_block_stop"), ("index", .int(Int64(openIndex)))])))
        open = nil
        return out
    }

    private mutating func close() -> [StreamFrame] {
        var out = closeOpen()
        let reason = stopReason ?? .stop
        let usageFields = usage.anthropicDeltaJSON(pricing: pricing)
        out.append(
            event(
                "message_delta",
                .makeObject([
                    ("type", "message_delta"),
                    ("delta", .makeObject([("stop_reason", .string(reason.anthropicStopReason)), ("stop_sequence", reason.anthropicStopSequence)])),
                    ("usage", usageFields),
                ])))
        out.append(event("message_stop", ["type": "message_stop"]))
        finished = true
        return out
    }

    private func delta(_ d: JSONValue) -> StreamFrame {
        event("content_block_delta", .makeObject([("type", "content_block_delta"), ("index", .int(Int64(openIndex))), ("delta", d)]))
    }

    private func event(_ name: String, _ data: JSONValue) -> StreamFrame {
        .event(name: name, data: data.serialized())
    }
}
