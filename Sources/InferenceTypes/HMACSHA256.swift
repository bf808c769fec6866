/// HMAC-SHA256 (RFC 2104 with SHA-256): a keyed message authentication code. Swiftlet signs the thinking blocks it
/// returns on the Anthropic API with it, and checks the signatures of thinking blocks clients send back.
public enum HMACSHA256 {
    /// SHA-256's block size in bytes.
    private static let blockSize = 64

    /// The 32-byte MAC of `message` under `key`.
    public static func authenticationCode(for message: some Collection<UInt8>, key: some Collection<UInt8>) -> [UInt8] {
        // Keys longer than a block are hashed first; shorter ones are zero-padded to a block.
        var k: [UInt8]
        if key.count > blockSize {
            var h = SHA256()
            h.update(key)
            k = h.finalize()
        } else {
            k = Array(key)
        }
        k += [UInt8](repeating: 0, count: blockSize - k.count)
        var inner = SHA256()
        inner.update(k.map { $0 ^ 0x36 })
        inner.update(message)
        var outer = SHA256()
        outer.update(k.map { $0 ^ 0x5c })
        outer.update(inner.finalize())
        return outer.finalize()
    }

    /// Compares two MACs in time that depends only on their lengths (no early exit on the first difference).
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in 0..<a.count { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}
