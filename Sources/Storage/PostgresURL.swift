// Reading a `postgres://` URL into connection settings, apart from the store so the rules (what is accepted, what
// is refused, and that no message ever repeats the password) are in one place.
import Foundation

/// The parts of `postgres://user:password@host:port/database?sslmode=disable` (or `postgresql://…`).
///
/// User and password may be percent-encoded. The port defaults to 5432 and the database to the user's name (the
/// server's own default). Connections are unencrypted: `sslmode` may be `disable`, `allow` or `prefer`, and any
/// mode that demands TLS is refused rather than silently ignored. Other query parameters are refused too.
struct PostgresURL: Sendable, Hashable {
    var host: String
    var port: Int
    var username: String
    var password: String?
    var database: String?

    /// `postgres://user@host:port/database`: the URL without its password, safe for messages and logs.
    var redacted: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(username)@\(shownHost):\(port)/\(database ?? username)"
    }

    /// Whether `url` names PostgreSQL (`postgres://` or `postgresql://`, any case).
    static func matches(_ url: String) -> Bool {
        let lower = url.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// Parses `url`; every error message leaves the password out.
    init(_ url: String) throws(StoreError) {
        guard Self.matches(url) else {
            throw StoreError("A PostgreSQL URL starts with postgres:// or postgresql://")
        }
        guard let components = URLComponents(string: url) else {
            throw StoreError(
                "The PostgreSQL URL is not a valid URL (percent-encode special characters in the password)")
        }
        guard var host = components.host, !host.isEmpty else {
            throw StoreError("The PostgreSQL URL has no host (expected postgres://user:password@host:port/database)")
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let username = components.user, !username.isEmpty else {
            throw StoreError(
                "The PostgreSQL URL has no user name (expected postgres://user:password@host:port/database)")
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else {
            throw StoreError("The PostgreSQL URL's port \(port) is out of range")
        }
        var path = components.path
        if path.hasPrefix("/") { path.removeFirst() }
        guard !path.contains("/") else {
            throw StoreError("The PostgreSQL URL's path must be a single database name")
        }
        self.host = host
        self.port = port
        self.username = username
        self.password = components.password
        self.database = path.isEmpty ? nil : path

        for item in components.queryItems ?? [] {
            switch (item.name, item.value ?? "") {
            case ("sslmode", "disable"), ("sslmode", "allow"), ("sslmode", "prefer"):
                continue
            case ("sslmode", let mode):
                throw StoreError(
                    "The PostgreSQL URL asks for sslmode=\(mode), but TLS is not supported yet: use sslmode=disable "
                        + "on loopback or a private network")
            default:
                throw StoreError("The PostgreSQL URL has an unsupported parameter '\(item.name)' (only sslmode)")
            }
        }
    }
}
