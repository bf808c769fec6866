public import APICommon
public import InferenceTypes

/// Turns a chat response stream into `chat.completion.chunk` SSE frames.
///
/// Sequence: one role chunk per choice when the prompt is processed (`delta: {role, content: ""}`), then one chunk
/// per content / reasoning / tool-call / logprobs event, a finish chunk (`delta: {}`, `finish_reason`) per choice,
/// the usage chunk (`choices: []`) when `include_usage` was asked for, and `data: [DONE]` last.
/// Tool calls: the first fragment has `index`, `id`, `type`, `function.name` and `arguments: ""`; later fragments
/// only `index` and `function.arguments`.
public struct ChatCompletionStreamEncoder: Sendable {
    /// Repeated in every chunk.
    public let header: OpenAIResponseHeader
    /// Usage and reasoning conventions.
    public let options: OpenAIResponseOptions
    /// How many choices the request asked for (`n`).
    public let choiceCount: Int
    /// `stream_options.include_usage`.
    public let includeUsage: Bool
    private var roleSent: Set<Int> = []
    private var end = OpenAIStreamEnd()

    /// An encoder for one response stream.
    public init(header: OpenAIResponseHeader, options: OpenAIResponseOptions, choiceCount: Int, includeUsage: Bool) {
        self.header = header
        self.options = options
        self.choiceCount = choiceCount
        self.includeUsage = includeUsage
    }

    /// The frames for one stream item.
    public mutating func encode(_ item: ChatStreamItem) -> [StreamFrame] {
        guard !end.isFinished else { return [] }
        switch item {
        case .started:
            return (0..<choiceCount).flatMap { roleChunk($0) }
        case .choice(let index, let event):
            return roleChunk(index) + frames(index, event)
        case .usage(let usage):
            guard includeUsage else { return [] }
            return [chunk(choices: [], usage: usage.openAIJSON(options))]
        }
    }

    /// The frames that close a stream that ended normally: `data: [DONE]`.
    public mutating func finish() -> [StreamFrame] { end.finish() }

    /// The in-stream error frame (`data: {"error": …}`) for a failure after the first byte; the stream then ends
    /// without `[DONE]`.
    public mutating func fail(_ error: OpenAIErrorBody) -> [StreamFrame] { end.fail(error) }

    /// A keep-alive frame: the SSE comment `: ping`.
    public func keepAlive() -> StreamFrame { OpenAIStreamEnd.keepAlive }

    private mutating func roleChunk(_ index: Int) -> [StreamFrame] {
        guard !roleSent.contains(index) else { return [] }
        roleSent.insert(index)
        return [choiceChunk(index, delta: [("role", "assistant"), ("content", "")])]
    }

    private func frames(_ index: Int, _ event: ChatEvent) -> [StreamFrame] {
        switch event {
        case .contentDelta(let s):
            guard !s.isEmpty else { return [] }
            return [choiceChunk(index, delta: [("content", .string(s))])]
        case .reasoningDelta(let s):
            guard !s.isEmpty else { return [] }
            return [choiceChunk(index, delta: options.reasoningFields(.string(s)))]
        case .toolCallStart(let call, let id, let name):
            let fragment = toolCallJSON(index: call, id: id, name: name, arguments: "")
            return [choiceChunk(index, delta: [("tool_calls", [fragment])])]
        case .toolCallArguments(let call, let delta):
            guard !delta.isEmpty else { return [] }
            let fragment = JSONValue.makeObject([
                ("index", .int(Int64(call))), ("function", .makeObject([("arguments", .string(delta))])),
            ])
            return [choiceChunk(index, delta: [("tool_calls", [fragment])])]
        case .toolCallEnd:
            return []
        case .logprobs(let items):
            guard !items.isEmpty else { return [] }
            return [choiceChunk(index, delta: [], logprobs: logprobsJSON(items))]
        case .finished(let reason):
            return [choiceChunk(index, delta: [], finishReason: reason.openAIValue)]
        }
    }

    private func choiceChunk(
        _ index: Int, delta: [(String, JSONValue)], logprobs: JSONValue = .null, finishReason: String? = nil
    ) -> StreamFrame {
        let choice = JSONValue.makeObject([
            ("index", .int(Int64(index))),
            ("delta", .makeObject(delta)),
            ("logprobs", logprobs),
            ("finish_reason", finishReason.map { .string($0) } ?? .null),
        ])
        return chunk(choices: [choice], usage: .null)
    }

    private func chunk(choices: [JSONValue], usage: JSONValue) -> StreamFrame {
        // With include_usage every chunk carries `usage` (null until the final usage chunk), as OpenAI does.
        .data(header.envelope(object: "chat.completion.chunk", choices: choices, usage: includeUsage ? Optional(usage) : nil)
            .serialized())
    }
}
