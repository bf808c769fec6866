import Crypto
public import Storage

/// Issues API key secrets and the digests stored in their place.
///
/// A secret is `sk-swl-` followed by 43 base-62 characters drawn from 32 bytes of the system's secure random
/// generator (256 bits; rejection sampling keeps every character uniform). The store keeps only the hex SHA-256 of the
/// whole secret (swift-crypto) and its first 11 characters, so a leaked database cannot be replayed.
public enum KeySecret {
    /// What every secret starts with.
    public static let prefix = "sk-swl-"
    private static let alphabet = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)

    /// A new secret with 43 random base-62 characters (over 256 bits).
    public static func generate() -> String {
        var rng = SystemRandomNumberGenerator()
        var out = prefix
        out.reserveCapacity(prefix.count + 43)
        for _ in 0..<43 {
            // 248 = 4 × 62: bytes at or above it are drawn again, so each character is uniform.
            var b: UInt8
            repeat { b = UInt8.random(in: 0...255, using: &rng) } while b >= 248
            out.unicodeScalars.append(Unicode.Scalar(alphabet[Int(b % 62)]))
        }
        return out
    }

    /// The hex SHA-256 of `secret`, as stored and looked up.
    public static func digest(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { byte in
            let hex = Array("0123456789abcdef".utf8)
            return String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
        }.joined()
    }

    /// The part of a secret that may be shown (`sk-swl-AbCd`).
    public static func displayPrefix(_ secret: String) -> String { String(secret.prefix(prefix.count + 4)) }

    /// A new key record for `secret` (its id is `key_` + 16 random hex digits).
    public static func record(
        secret: String, name: String, models: [String]?, isAdmin: Bool, rpm: Int?, tpm: Int?, creditTicks: Int64?,
        now: Int64, expiresAt: Int64?
    ) -> APIKeyRecord {
        var rng = SystemRandomNumberGenerator()
        let id = "key_" + String(UInt64.random(in: .min ... .max, using: &rng), radix: 16).leftPadded(to: 16)
        return APIKeyRecord(id: id, name: name, prefix: displayPrefix(secret), digest: digest(secret), models: models,
            isAdmin: isAdmin, rpm: rpm, tpm: tpm, creditTicks: creditTicks, createdAt: now, expiresAt: expiresAt)
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
