import InferenceTypes

/// Ids for the tool calls of one choice: `call_` and 24 letters and digits, never empty.
///
/// With a seed the ids are derived from (seed, prompt, choice index, call index) through SHA-256, so the same
/// request reproduces the same ids (streamed and non-streamed responses of one seed match exactly) while different
/// turns of a conversation (different prompts) get different ids. Without a seed they are random.
struct ToolCallIDs: Sendable {
    private static let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".utf8)
    /// The per-choice key; nil = random ids.
    private let key: [UInt8]?

    /// Random ids.
    init() { key = nil }

    /// Reproducible ids for choice `choice` of a request with `seed` and prompt token ids `prompt`.
    init(seed: UInt64, prompt: [TokenID], choice: Int) {
        var h = SHA256()
        h.update(Array("swiftlet-tool-call-ids".utf8))
        withUnsafeBytes(of: seed.littleEndian) { h.update($0) }
        withUnsafeBytes(of: Int64(choice).littleEndian) { h.update($0) }
        prompt.withUnsafeBytes { h.update($0) }
        key = h.finalize()
    }

    /// The id of call `index`.
    func id(for index: Int) -> String {
        var bytes: [UInt8]
        if let key {
            var h = SHA256()
            h.update(key)
            withUnsafeBytes(of: Int64(index).littleEndian) { h.update($0) }
            bytes = h.finalize()
        } else {
            var rng = SystemRandomNumberGenerator()
            bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let chars = bytes.prefix(24).map { Self.alphabet[Int($0) % Self.alphabet.count] }
        return "call_" + String(decoding: chars, as: UTF8.self)
    }
}
