import APICommon
import InferenceTypes

/// How an OpenAI-style SSE stream ends, shared by the chat and text completion encoders: `data: [DONE]` after a
/// normal end, or one in-stream error frame (`data: {"error": …}`) and no `[DONE]` after a failure; nothing once
/// either was sent.
struct OpenAIStreamEnd: Sendable {
    /// True once the stream's last frame went out.
    private(set) var isFinished = false

    /// The frames that close a stream that ended normally.
    mutating func finish() -> [StreamFrame] {
        guard !isFinished else { return [] }
        isFinished = true
        return [.done]
    }

    /// The in-stream error frame for a failure after the first byte.
    mutating func fail(_ error: OpenAIErrorBody) -> [StreamFrame] {
        guard !isFinished else { return [] }
        isFinished = true
        return [.data(error.json.serialized())]
    }

    /// A keep-alive frame: the SSE comment `: ping`.
    static let keepAlive = StreamFrame.comment("ping")
}
