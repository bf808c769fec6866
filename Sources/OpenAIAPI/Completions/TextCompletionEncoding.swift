public import APICommon
public import InferenceTypes

/// The legacy `text_completion` body and stream chunks. Logprobs are not reported on this endpoint
/// (`logprobs: null`).
public enum TextCompletionResponse {
    /// The non-streaming body, built from the folded result.
    public static func json(_ result: ChatResult, header: OpenAIResponseHeader, options: OpenAIResponseOptions) -> JSONValue {
        let choices: [JSONValue] = result.choices.enumerated().map { i, c in
            .makeObject([
                ("text", .string(c.content)), ("index", .int(Int64(i))), ("logprobs", .null),
                ("finish_reason", c.finishReason.map { .string($0.openAIValue) } ?? .null),
            ])
        }
        return object(header, choices: choices, usage: result.usage.openAIJSON(options))
    }

    static func object(_ header: OpenAIResponseHeader, choices: [JSONValue], usage: JSONValue?) -> JSONValue {
        header.envelope(object: "text_completion", choices: choices, usage: usage)
    }
}

/// Turns a completion stream into `text_completion` chunks, then the usage chunk (with `include_usage`) and
/// `data: [DONE]`.
public struct TextCompletionStreamEncoder: Sendable {
    /// Repeated in every chunk.
    public let header: OpenAIResponseHeader
    /// Usage conventions.
    public let options: OpenAIResponseOptions
    /// `stream_options.include_usage`.
    public let includeUsage: Bool
    private var end = OpenAIStreamEnd()

    /// An encoder for one response stream.
    public init(header: OpenAIResponseHeader, options: OpenAIResponseOptions, includeUsage: Bool) {
        self.header = header
        self.options = options
        self.includeUsage = includeUsage
    }

    /// The frames for one stream item.
    public mutating func encode(_ item: ChatStreamItem) -> [StreamFrame] {
        guard !end.isFinished else { return [] }
        switch item {
        case .started: return []
        case .usage(let u):
            guard includeUsage else { return [] }
            return [.data(TextCompletionResponse.object(header, choices: [], usage: u.openAIJSON(options)).serialized())]
        case .choice(let index, let event):
            switch event {
            case .contentDelta(let s) where !s.isEmpty: return [chunk(index, text: s, finish: nil)]
            case .finished(let reason): return [chunk(index, text: "", finish: reason.openAIValue)]
            default: return []
            }
        }
    }

    /// The frames that close a normal stream: `data: [DONE]`.
    public mutating func finish() -> [StreamFrame] { end.finish() }

    /// The in-stream error frame; the stream then ends without `[DONE]`.
    public mutating func fail(_ error: OpenAIErrorBody) -> [StreamFrame] { end.fail(error) }

    /// A keep-alive frame: the SSE comment `: ping`.
    public func keepAlive() -> StreamFrame { OpenAIStreamEnd.keepAlive }

    private func chunk(_ index: Int, text: String, finish: String?) -> StreamFrame {
        let choice = JSONValue.makeObject([
            ("text", .string(text)), ("index", .int(Int64(index))), ("logprobs", .null),
            ("finish_reason", finish.map { .string($0) } ?? .null),
        ])
        return .data(TextCompletionResponse.object(header, choices: [choice], usage: includeUsage ? .null : nil).serialized())
    }
}
