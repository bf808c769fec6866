// Where the platform's state lives, decided once from `--database-url` / `$SWIFTLET_DATABASE_URL` and the home
// directory, so the server and the CLI open the same store the same way.
import Foundation

/// Opens the ``PlatformStore`` a database URL names.
public enum StoreLocation {
    /// Opens and migrates the store `databaseURL` names:
    ///
    /// - nil or empty: SQLite at `home/swiftlet.sqlite`;
    /// - `postgres://…` or `postgresql://…`: ``PostgresStore``;
    /// - `sqlite:///absolute/path`, `sqlite://relative/path` or a plain path (`~/` expanded): SQLite at that path.
    ///
    /// Any other scheme is an error that names the scheme. No message repeats a URL's password.
    ///
    /// - Parameter home: The state directory, normally ``defaultHome(environment:)``.
    public static func open(databaseURL: String?, home: String) async throws(StoreError) -> any PlatformStore {
        let store = try store(databaseURL: databaseURL, home: home)
        do {
            try await store.migrate()
        } catch {
            await store.close()
            throw error
        }
        return store
    }

    /// The store `databaseURL` names, not yet migrated (``open(databaseURL:home:)`` without the migration).
    public static func store(databaseURL: String?, home: String) throws(StoreError) -> any PlatformStore {
        let url = databaseURL?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if url.isEmpty { return try SQLiteStore(path: home + "/swiftlet.sqlite") }
        if PostgresURL.matches(url) { return try PostgresStore(url: url) }
        if url.lowercased().hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path.removeFirst(2) }
            guard !path.isEmpty else {
                throw StoreError("The sqlite: URL has no path (expected sqlite:///path/to/file)")
            }
            return try SQLiteStore(path: expandingTilde(path))
        }
        if let scheme = scheme(of: url) {
            throw StoreError(
                "Unsupported database URL scheme '\(scheme)': use postgres://, postgresql://, sqlite:///path or "
                    + "a file path")
        }
        return try SQLiteStore(path: expandingTilde(url))
    }

    /// ``defaultHome(environment:)`` of this process's environment.
    public static func defaultHome() -> String {
        defaultHome(environment: ProcessInfo.processInfo.environment)
    }

    /// `$SWIFTLET_HOME`, or `$HOME/.cache/swiftlet` (the directory that also holds `models/`).
    public static func defaultHome(environment: [String: String]) -> String {
        if let home = environment["SWIFTLET_HOME"], !home.isEmpty { return home }
        let user = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return user + "/.cache/swiftlet"
    }

    /// The lowercased scheme of `url` when it looks like `scheme:/…` (a letter, then letters, digits, `+`, `-` or
    /// `.`), so a mistyped `postgres:/host` is refused rather than taken for a file; a path such as
    /// `data/a:b.sqlite` has none.
    static func scheme(of url: String) -> String? {
        guard let separator = url.range(of: ":/") else { return nil }
        let scheme = url[..<separator.lowerBound]
        guard let first = scheme.first, first.isASCII, first.isLetter,
            scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        else { return nil }
        return scheme.lowercased()
    }

    static func expandingTilde(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        return (ProcessInfo.processInfo.environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst()
    }
}
