import APICommon
import AnthropicAPI
import InferenceTypes
import OpenAIAPI

/// What the SSE writer needs from a protocol's stream encoder. The encoders themselves live in the protocol
/// targets and know nothing of HTTP; these conformances adapt them.
protocol SSEEncoder: Sendable {
    /// Frames for one stream item.
    mutating func encode(_ item: ChatStreamItem) -> [StreamFrame]
    /// Frames that end a stream that finished normally.
    mutating func finish() -> [StreamFrame]
    /// The in-stream error frames for a failure after the first byte.
    mutating func fail(_ error: APIError) -> [StreamFrame]
    /// A keep-alive frame.
    func keepAlive() -> StreamFrame
}

extension ChatCompletionStreamEncoder: SSEEncoder {
    mutating func fail(_ error: APIError) -> [StreamFrame] { fail(error.openAI) }
}

extension TextCompletionStreamEncoder: SSEEncoder {
    mutating func fail(_ error: APIError) -> [StreamFrame] { fail(error.openAI) }
}

extension MessagesStreamEncoder: SSEEncoder {
    mutating func fail(_ error: APIError) -> [StreamFrame] { fail(error.anthropic) }
}

extension ResponsesStreamEncoder: SSEEncoder {
    mutating func fail(_ error: APIError) -> [StreamFrame] { fail(error.openAI) }
}
