import Crypto

/// The API keys given by flags, the environment or the config file, held as SHA-256 digests.
///
/// A presented key is hashed and its digest compared with every configured digest; swift-crypto's digest equality is
/// constant-time and every digest is compared (no early exit), so neither the position of a first differing byte nor
/// which key matched shows in the timing. An empty key never matches.
struct StaticKeys: Sendable {
    private let digests: [SHA256.Digest]

    /// Digests of `keys` (empty strings are dropped).
    init(_ keys: [String]) {
        digests = keys.filter { !$0.isEmpty }.map { SHA256.hash(data: Array($0.utf8)) }
    }

    /// No keys configured: the server is open.
    var isEmpty: Bool { digests.isEmpty }

    /// Whether `candidate` is one of the keys.
    func matches(_ candidate: String) -> Bool {
        guard !candidate.isEmpty else { return false }
        let d = SHA256.hash(data: Array(candidate.utf8))
        var found = false
        for k in digests where k == d { found = true }
        return found
    }
}
