import APICommon
import AnthropicAPI
import InferenceTypes
import OpenAIAPI

/// One upstream wire format: how to build a request for a `ChatRequest` and how to read the reply back into chat
/// stream items. The translation itself lives in the API targets, beside the decoders and encoders of the same
/// format (`ChatCompletionRequestBody` / `ChatCompletionStreamDecoder`, `MessagesRequestBody` /
/// `MessagesStreamDecoder`); a dialect only picks them.
protocol UpstreamDialect: Sendable {
    /// The path of the chat endpoint under the base URL.
    var chatPath: String { get }
    /// The request body for `chat` at `model`'s upstream.
    func chatBody(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> JSONValue
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

/// OpenAI's Chat Completions (`POST {base}/chat/completions`, `Authorization: Bearer`).
struct OpenAIDialect: UpstreamDialect {
    /// OpenAI's fields only (no engine extensions).
    let standard: Bool

    var chatPath: String { "/chat/completions" }

    func chatBody(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> JSONValue {
        try ChatCompletionRequestBody.json(chat, model: model.remoteModel, dialect: standard ? .standard : .engine)
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
    var chatPath: String { "/messages" }

    func chatBody(_ chat: ChatRequest, model: UpstreamModel) throws(InferenceError) -> JSONValue {
        try MessagesRequestBody.json(chat, model: model.remoteModel, defaultMaxTokens: model.defaultMaxTokens)
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
