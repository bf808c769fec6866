import Crypto
import Foundation
import InferenceTypes

/// Signs the thinking blocks Swiftlet returns and verifies the ones clients send back (Anthropic: "A thinking
/// block needs a `signature`").
///
/// A signature is `sig_` followed by the hex HMAC-SHA256 of the served model's id, a zero byte and the thinking text
/// (UTF-8) under the server secret, once the signer is ``bound(to:)`` a model: a trace one model wrote does not
/// verify on another. It is deterministic for a given secret, so the streamed and the non-streamed response of the
/// same generation carry the same value. The secret comes from the server configuration (`thinkingSecret` in the
/// config file, `--thinking-secret`, or `SWIFTLET_THINKING_SECRET`), else from a file generated once under
/// `$SWIFTLET_HOME` (the server's `ThinkingSecretFile`), so signatures survive restarts and verify on every instance
/// that shares the secret.
public struct ThinkingSigner: Sendable {
    private let key: SymmetricKey
    /// The served model's id the signatures cover (nil: the text alone).
    public let model: String?

    /// The prefix of every signature.
    public static let prefix = "sig_"

    /// A signer with `secret` as the HMAC key (its UTF-8 bytes).
    public init(secret: String) {
        key = SymmetricKey(data: Array(secret.utf8))
        model = nil
    }

    /// A signer with a fresh random 256-bit key (for a server started without a configured secret).
    public static func random() -> ThinkingSigner {
        ThinkingSigner(key: SymmetricKey(size: .bits256))
    }

    private init(key: SymmetricKey, model: String? = nil) {
        self.key = key
        self.model = model
    }

    /// The same secret, signing for `model` (a served model's id: every alias of it shares the signatures).
    public func bound(to model: String) -> ThinkingSigner {
        ThinkingSigner(key: key, model: model)
    }

    /// The bytes a signature covers.
    private func message(_ thinking: String) -> [UInt8] {
        guard let model else { return Array(thinking.utf8) }
        return Array(model.utf8) + [0] + Array(thinking.utf8)
    }

    /// The signature of a thinking text.
    public func signature(for thinking: String) -> String {
        Self.prefix + Hex.encode(HMAC<SHA256>.authenticationCode(for: message(thinking), using: key))
    }

    /// Whether `signature` is this server's signature of `thinking` (compared in constant time).
    public func isValid(_ signature: String, for thinking: String) -> Bool {
        guard signature.hasPrefix(Self.prefix), let mac = Hex.decode(signature.dropFirst(Self.prefix.count)) else {
            return false
        }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: message(thinking), using: key)
    }
}
