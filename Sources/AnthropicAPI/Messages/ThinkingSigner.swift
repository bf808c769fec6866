public import InferenceTypes

/// Signs the thinking blocks Swiftlet returns and verifies the ones clients send back (API.md §4.4: "A thinking
/// block needs a `signature`").
///
/// A signature is `sig_` followed by the hex HMAC-SHA256 of the thinking text (its UTF-8 bytes) under the server
/// secret. It is deterministic for a given secret, so the streamed and the non-streamed response of the same
/// generation carry the same value. The secret comes from the server configuration (`thinkingSecret` in the config
/// file, `--thinking-secret`, or `SWIFTLET_THINKING_SECRET`); without one, each server process draws a random
/// secret, so signatures stop verifying after a restart (clients then get a 400 for old thinking blocks, exactly as
/// with a rotated secret).
public struct ThinkingSigner: Sendable {
    private let key: [UInt8]

    /// The prefix of every signature.
    public static let prefix = "sig_"

    /// A signer with `secret` as the HMAC key (its UTF-8 bytes).
    public init(secret: String) {
        key = Array(secret.utf8)
    }

    /// A signer with a fresh random 32-byte key (for a server started without a configured secret).
    public static func random() -> ThinkingSigner {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return ThinkingSigner(keyBytes: bytes)
    }

    private init(keyBytes: [UInt8]) {
        key = keyBytes
    }

    /// The signature of a thinking text.
    public func signature(for thinking: String) -> String {
        let mac = HMACSHA256.authenticationCode(for: Array(thinking.utf8), key: key)
        return Self.prefix + mac.map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// Whether `signature` is this server's signature of `thinking` (compared in constant time).
    public func isValid(_ signature: String, for thinking: String) -> Bool {
        HMACSHA256.constantTimeEqual(Array(signature.utf8), Array(self.signature(for: thinking).utf8))
    }
}

/// Tool-call ids on the Anthropic API. Inference makes OpenAI-style ids (`call_…`); Anthropic clients expect
/// `toolu_…`, so the encoders swap the prefix (the rest of the id is kept, so it stays unique and non-empty).
public enum ToolUseID {
    /// `call_X` → `toolu_X`; any other id is returned unchanged.
    public static func anthropic(_ id: String) -> String {
        id.hasPrefix("call_") ? "toolu_" + id.dropFirst(5) : id
    }
}
