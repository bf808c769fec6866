import Storage
import Synchronization

/// Turns a presented secret into a ``Caller``: static keys first (compared as digests, in constant time), then the
/// platform's store (looked up by digest). A revoked or expired stored key is refused with its own message.
///
/// The server is open (every request is ``Caller/Kind/anonymous``) only while no static key is configured and the
/// store holds no live key; whether the store holds one is re-read at most once a second, so a key created by
/// `swiftlet keys create` in another process closes the server within a second.
final class KeyAuthority: Sendable {
    let statics: StaticKeys
    let store: (any PlatformStore)?
    private let openCache = Mutex<(checkedAt: Int64, open: Bool)?>(nil)

    init(statics: StaticKeys, store: (any PlatformStore)?) {
        self.statics = statics
        self.store = store
    }

    /// Whether requests without a key are served.
    func isOpen(now: Int64) async throws -> Bool {
        guard statics.isEmpty else { return false }
        guard let store else { return true }
        if let cached = openCache.withLock({ $0 }), now - cached.checkedAt < 1000 { return cached.open }
        let open: Bool
        do {
            open = try await !store.keys().contains { $0.revokedAt == nil && ($0.expiresAt ?? .max) > now }
        } catch {
            throw APIError.storeUnavailable(error.description)
        }
        openCache.withLock { $0 = (now, open) }
        return open
    }

    /// The caller behind `secret` (nil = no key was presented).
    func authenticate(_ secret: String?, now: Int64) async throws -> Caller {
        guard let secret, !secret.isEmpty else {
            if try await isOpen(now: now) { return Caller(kind: .anonymous) }
            throw APIError.unauthorized(
                "You didn't provide an API key. Send it as `Authorization: Bearer <key>` or in the `x-api-key` header.")
        }
        if statics.matches(secret) { return Caller(kind: .staticKey) }
        if let store {
            let record: APIKeyRecord?
            do {
                record = try await store.key(digest: KeySecret.digest(secret))
            } catch {
                throw APIError.storeUnavailable(error.description)
            }
            if let record {
                if record.revokedAt != nil { throw APIError.unauthorized("This API key has been revoked.") }
                if let expires = record.expiresAt, expires <= now { throw APIError.unauthorized("This API key has expired.") }
                return Caller(kind: .stored(record))
            }
        }
        if try await isOpen(now: now) { return Caller(kind: .anonymous) }
        throw APIError.unauthorized("Incorrect API key provided.")
    }

    /// Forgets the cached open/closed state (after a key is created through the admin API).
    func keysChanged() { openCache.withLock { $0 = nil } }
}
