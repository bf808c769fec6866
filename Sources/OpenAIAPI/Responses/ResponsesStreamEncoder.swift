public import APICommon
public import InferenceTypes

/// Turns a chat response stream into the Responses API's typed SSE events (`event: <type>` and
/// `data: {"type": <type>, …, "sequence_number": n}`), numbered from 0 without gaps:
///
/// `response.created` · `response.in_progress` · per output item: `response.output_item.added`, then
/// - reasoning: `response.reasoning_summary_part.added`, `response.reasoning_summary_text.delta`s,
///   `response.reasoning_summary_text.done`, `response.reasoning_summary_part.done`;
/// - message: `response.content_part.added`, `response.output_text.delta`s, `response.output_text.done`,
///   `response.content_part.done`;
/// - function call: `response.function_call_arguments.delta`s, `response.function_call_arguments.done`;
///
/// then `response.output_item.done` · and last `response.completed` (or `response.incomplete` when the token cap
/// cut the answer short). A failure after the first event sends `error` and `response.failed`.
///
/// The output is folded by ``ResponseOutputAssembler``, so the final response is exactly the non-streamed one.
public struct ResponsesStreamEncoder: Sendable {
    /// What every snapshot repeats.
    public let envelope: ResponseEnvelope
    /// The output so far.
    public private(set) var output: ResponseOutputAssembler
    private var sequence = 0
    private var started = false
    private var finished = false

    /// An encoder for one response stream.
    public init(envelope: ResponseEnvelope) {
        self.envelope = envelope
        output = ResponseOutputAssembler(responseID: envelope.id)
    }

    /// The frames for one stream item.
    public mutating func encode(_ item: ChatStreamItem) -> [StreamFrame] {
        guard !finished else { return [] }
        let changes = output.add(item)
        return start() + changes.flatMap { frames($0) }
    }

    /// Closes a stream that ended normally: the last item's done events and `response.completed` (or
    /// `response.incomplete`).
    public mutating func finish() -> [StreamFrame] {
        guard !finished else { return [] }
        var out = start() + output.close().flatMap { frames($0) }
        finished = true
        let type = output.isIncomplete ? "response.incomplete" : "response.completed"
        out.append(event(type, [("response", envelope.json(finished: output))]))
        return out
    }

    /// The frames for a failure after the first event: `error`, then `response.failed` with the output so far.
    public mutating func fail(_ error: OpenAIErrorBody) -> [StreamFrame] {
        guard !finished else { return [] }
        var out = start()
        finished = true
        out.append(event("error", [
            ("code", error.code.map { .string($0) } ?? .null), ("message", .string(error.message)),
            ("param", error.param.map { .string($0) } ?? .null),
        ]))
        let failure = JSONValue.makeObject([("code", "server_error"), ("message", .string(error.message))])
        out.append(event("response.failed", [
            ("response", envelope.json(status: "failed", output: output.items, usage: output.usage, error: failure)),
        ]))
        return out
    }

    /// A keep-alive frame: the SSE comment `: ping`.
    public func keepAlive() -> StreamFrame { .comment("ping") }

    /// `response.created` and `response.in_progress`, once.
    private mutating func start() -> [StreamFrame] {
        guard !started else { return [] }
        started = true
        let snapshot = envelope.json(status: "in_progress", output: [], usage: nil)
        return [event("response.created", [("response", snapshot)]), event("response.in_progress", [("response", snapshot)])]
    }

    private mutating func frames(_ change: ResponseOutputChange) -> [StreamFrame] {
        switch change {
        case .added(let index, let item):
            var out = [event("response.output_item.added", [("output_index", .int(Int64(index))), ("item", item.json)])]
            switch item.kind {
            case .reasoning:
                out.append(event("response.reasoning_summary_part.added",
                    located(item.id, index) + [("summary_index", 0), ("part", item.summaryPartJSON)]))
            case .message:
                out.append(event("response.content_part.added",
                    located(item.id, index) + [("content_index", 0), ("part", item.contentPartJSON)]))
            case .functionCall:
                break
            }
            return out
        case .delta(let index, let itemID, let kind, let delta):
            switch kind {
            case .reasoning:
                return [event("response.reasoning_summary_text.delta",
                    located(itemID, index) + [("summary_index", 0), ("delta", .string(delta))])]
            case .message:
                return [event("response.output_text.delta",
                    located(itemID, index) + [("content_index", 0), ("delta", .string(delta)), ("logprobs", [])])]
            case .functionCall:
                return [event("response.function_call_arguments.delta", located(itemID, index) + [("delta", .string(delta))])]
            }
        case .done(let index, let item):
            var out: [StreamFrame] = []
            switch item.kind {
            case .reasoning:
                out.append(event("response.reasoning_summary_text.done",
                    located(item.id, index) + [("summary_index", 0), ("text", .string(item.text))]))
                out.append(event("response.reasoning_summary_part.done",
                    located(item.id, index) + [("summary_index", 0), ("part", item.summaryPartJSON)]))
            case .message:
                out.append(event("response.output_text.done",
                    located(item.id, index) + [
                        ("content_index", 0), ("text", .string(item.text)),
                        ("logprobs", .array(item.logprobs.map(\.openAIJSON))),
                    ]))
                out.append(event("response.content_part.done",
                    located(item.id, index) + [("content_index", 0), ("part", item.contentPartJSON)]))
            case .functionCall:
                out.append(event("response.function_call_arguments.done",
                    located(item.id, index) + [("arguments", .string(item.text))]))
            }
            out.append(event("response.output_item.done", [("output_index", .int(Int64(index))), ("item", item.json)]))
            return out
        }
    }

    private func located(_ itemID: String, _ index: Int) -> [(String, JSONValue)] {
        [("item_id", .string(itemID)), ("output_index", .int(Int64(index)))]
    }

    /// One event: `type` first, the fields, then the next sequence number.
    private mutating func event(_ type: String, _ fields: [(String, JSONValue)]) -> StreamFrame {
        let body = JSONValue.makeObject([("type", .string(type))] + fields + [("sequence_number", .int(Int64(sequence)))])
        sequence += 1
        return .event(name: type, data: body.serialized())
    }
}
