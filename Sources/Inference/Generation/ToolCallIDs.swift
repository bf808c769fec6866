import Crypto
import InferenceTypes

/// Ids for the tool calls of one choice: `call_` and 24 letters and digits (`RandomID`), never empty.
///
/// With a seed the ids are derived from (seed, prompt, choice index, call index) through SHA-256, so the same
/// request reproduces the same ids (streamed and non-streamed responses of one seed match exactly) while different
/// turns of a conversation (different prompts) get different ids. Without a seed they are random.
struct ToolCallIDs: Sendable {
    /// The per-choice key; nil = random ids.
    private let key: SHA256.Digest?

    /// Random ids.
    init() { key = nil }

    /// Reproducible ids for choice `choice` of a request with `seed` and prompt token ids `prompt`.
    init(seed: UInt64, prompt: [TokenID], choice: Int) {
        var h = SHA256()
        h.update(data: Array("swiftlet-tool-call-ids".utf8))
        withUnsafeBytes(of: seed.littleEndian) { h.update(bufferPointer: $0) }
        withUnsafeBytes(of: Int64(choice).littleEndian) { h.update(bufferPointer: $0) }
        prompt.withUnsafeBytes { h.update(bufferPointer: $0) }
        key = h.finalize()
    }

    /// The id of call `index`.
    func id(for index: Int) -> String {
        guard let key else { return RandomID.make("call_") }
        var h = SHA256()
        h.update(data: Array(key))
        withUnsafeBytes(of: Int64(index).littleEndian) { h.update(bufferPointer: $0) }
        return RandomID.derived("call_", from: h.finalize().prefix(24))
    }
}
