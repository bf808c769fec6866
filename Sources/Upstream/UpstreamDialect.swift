import APICommon
import AnthropicAPI
import InferenceTypes
import OpenAIAPI

/// One upstream wire format: how to build a request for a `ChatRequest` and how to read the reply back into chat
/// stream items. The translation itself lives in the API targets, beside the decoders and encoders of the same
/// format (`ChatCompletionRequestBody` / `ChatCompletionStreamDecoder`, `MessagesRequestBody` /
/// `MessagesStreamDecoder`); a dialect only picks them.
protocol UpstreamDialect: Sendable {
    /// The endpoint (a path under the base URL) and body for `chat` at `model`'s upstream.
    func chatRequest(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> (path: String, body: JSONValue)
    /// The endpoint and body for a raw text completion (an invalid request where the format has none).
    func completionRequest(_ completion: CompletionRequest, model: UpstreamModel) throws(InferenceError)
        -> (path: String, body: JSONValue)
    /// The request headers besides the body's type.
    func headers(apiKey: String?) -> [(String, String)]
    /// A decoder for one streamed reply.
    func streamDecoder(promptTokens: Int) -> any UpstreamStreamDecoder
    /// The items of a whole (non-streamed) reply body.
    func bodyItems(_ body: JSONValue, promptTokens: Int) throws(UpstreamReplyError) -> [ChatStreamItem]
}

/// Reads one streamed reply, event by event.
protocol UpstreamStreamDecoder: Sendable {
    /// The items one SSE event adds.
    mutating func decode(_ event: SSEEvent) throws(UpstreamReplyError) -> [ChatStreamItem]
    /// The items that end the stream when the body ended.
    mutating func finish() throws(UpstreamReplyError) -> [ChatStreamItem]
}

extension ChatCompletionStreamDecoder: UpstreamStreamDecoder {}
extension MessagesStreamDecoder: UpstreamStreamDecoder {}

/// OpenAI's Chat Completions (`POST {base}/chat/completions`, `Authorization: Bearer`), and its legacy text
/// completions (`POST {base}/completions`).
struct OpenAIDialect: UpstreamDialect {
    /// OpenAI's fields only (no engine extensions).
    let standard: Bool

    func chatRequest(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> (path: String, body: JSONValue) {
        ("/chat/completions",
            try ChatCompletionRequestBody.json(chat, model: model.remoteModel, dialect: standard ? .standard : .engine))
    }

    func completionRequest(_ completion: CompletionRequest, model: UpstreamModel) throws(InferenceError)
        -> (path: String, body: JSONValue)
    {
        ("/completions", TextCompletionRequestBody.json(completion, model: model.remoteModel, dialect: standard ? .standard : .engine))
    }

    func headers(apiKey: String?) -> [(String, String)] {
        [("accept", "text/event-stream")] + (apiKey.map { [("authorization", "Bearer \($0)")] } ?? [])
    }

    func streamDecoder(promptTokens: Int) -> any UpstreamStreamDecoder {
        ChatCompletionStreamDecoder(promptTokens: promptTokens)
    }

    func bodyItems(_ body: JSONValue, promptTokens: Int) throws(UpstreamReplyError) -> [ChatStreamItem] {
        try ChatCompletionBodyDecoder.items(body, promptTokens: promptTokens)
    }
}

/// Anthropic's Messages API (`POST {base}/messages`, `x-api-key`, `anthropic-version: 2023-06-01`).
struct AnthropicDialect: UpstreamDialect {
    func chatRequest(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> (path: String, body: JSONValue) {
        ("/messages", try MessagesRequestBody.json(chat, model: model.remoteModel, defaultMaxTokens: model.defaultMaxTokens))
    }

    func completionRequest(_ completion: CompletionRequest, model: UpstreamModel) throws(InferenceError)
        -> (path: String, body: JSONValue)
    {
        throw .invalidRequest(parameter: "model",
            message: "`\(model.id)` is served by an Anthropic-compatible upstream, which has no text completions: use /v1/chat/completions or /v1/messages")
    }

    func headers(apiKey: String?) -> [(String, String)] {
        [("accept", "text/event-stream"), ("anthropic-version", "2023-06-01")] + (apiKey.map { [("x-api-key", $0)] } ?? [])
    }

    func streamDecoder(promptTokens: Int) -> any UpstreamStreamDecoder {
        MessagesStreamDecoder(promptTokens: promptTokens)
    }

    func bodyItems(_ body: JSONValue, promptTokens: Int) throws(UpstreamReplyError) -> [ChatStreamItem] {
        try MessagesBodyDecoder.items(body, promptTokens: promptTokens)
    }
}
