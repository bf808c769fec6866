import Crypto
import Foundation
import InferenceTypes

/// Signs the thinking blocks Swiftlet returns and verifies the ones clients send back (Anthropic: "A thinking
/// block needs a `signature`").
///
/// A signature is `sig_` followed by the hex HMAC-SHA256 of the thinking text (its UTF-8 bytes) under the server
/// secret. It is deterministic for a given secret, so the streamed and the non-streamed response of the same
/// generation carry the same value. The secret comes from the server configuration (`thinkingSecret` in the config
/// file, `--thinking-secret`, or `SWIFTLET_THINKING_SECRET`); without one, each server process draws a random
/// secret, so signatures stop verifying after a restart (clients then get a 400 for old thinking blocks, exactly as
/// with a rotated secret).
public struct ThinkingSigner: Sendable {
    private let key: SymmetricKey

    /// The prefix of every signature.
    public static let prefix = "sig_"

    /// A signer with `secret` as the HMAC key (its UTF-8 bytes).
    public init(secret: String) {
        key = SymmetricKey(data: Array(secret.utf8))
    }

    /// A signer with a fresh random 256-bit key (for a server started without a configured secret).
    public static func random() -> ThinkingSigner {
        ThinkingSigner(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey) {
        self.key = key
    }

    /// The signature of a thinking text.
    public func signature(for thinking: String) -> String {
        Self.prefix + Hex.encode(HMAC<SHA256>.authenticationCode(for: Array(thinking.utf8), using: key))
    }

    /// Whether `signature` is this server's signature of `thinking` (compared in constant time).
    public func isValid(_ signature: String, for thinking: String) -> Bool {
        guard signature.hasPrefix(Self.prefix), let mac = Hex.decode(signature.dropFirst(Self.prefix.count)) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: Array(thinking.utf8), using: key)
    }
}
