import Foundation
import Storage

/// Who sent a request, as the auth middleware established it.
struct Caller: Sendable {
    /// How the caller proved itself.
    enum Kind: Sendable {
        /// No keys exist anywhere: the server is open.
        case anonymous
        /// A key from flags, the environment or the config file: unlimited and unmetered, and an administrator.
        case staticKey
        /// A key from the platform's store, with its scope, limits and balance.
        case stored(APIKeyRecord)
    }

    var kind: Kind

    /// The stored key, if any.
    var key: APIKeyRecord? {
        if case .stored(let k) = kind { return k }
        return nil
    }

    /// May use the admin API: static keys (the operator's) and stored keys created with `--admin`.
    var isAdmin: Bool {
        switch kind {
        case .anonymous: return false
        case .staticKey: return true
        case .stored(let k): return k.isAdmin
        }
    }

    /// Whether the caller may use a model the client named `requested`, which resolved to `modelID`. A scoped key
    /// lists ids or aliases; either name matches.
    func mayUse(requested: String, modelID: String) -> Bool {
        guard let models = key?.models else { return true }
        return models.contains { $0.caseInsensitiveCompare(requested) == .orderedSame || $0.caseInsensitiveCompare(modelID) == .orderedSame }
    }

    /// The prompt-cache scope of this caller's requests: each platform key its own, so no tenant learns another's
    /// prompts from `cached_tokens` or latency; static keys (the operator's) and an open server share one.
    var cacheScope: String? { key.map { "key:" + $0.id } }

    /// For logs: the key's id, never its secret.
    var logLabel: String {
        switch kind {
        case .anonymous: return "anonymous"
        case .staticKey: return "static"
        case .stored(let k): return k.id
        }
    }
}
