import ArgumentParser
import Foundation
import Server
import Storage

/// Where the platform's database is, for `serve`, `keys` and `usage`: `--database`, else the config file's
/// `database`, else `SWIFTLET_DATABASE_URL`, else SQLite at `$SWIFTLET_HOME/swiftlet.sqlite`.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Platform database: postgres://user:pass@host:5432/db, a SQLite file path, or `none` (serve only: keep no keys or usage). Default: SWIFTLET_DATABASE_URL, else $SWIFTLET_HOME/swiftlet.sqlite.")
    var database: String?

    /// The URL to open, with the config file's value as the fallback (nil = the default SQLite file).
    func url(configured: String?) -> String? {
        if let database, !database.isEmpty { return database }
        if let configured { return configured }
        if let env = ProcessInfo.processInfo.environment["SWIFTLET_DATABASE_URL"], !env.isEmpty { return env }
        return nil
    }

    /// Opens (and migrates) the store; nil for `none`.
    func open(configured: String? = nil) async throws -> (any PlatformStore)? {
        let url = url(configured: configured)
        if url?.lowercased() == "none" { return nil }
        do {
            return try await StoreLocation.open(databaseURL: url,
                home: StoreLocation.defaultHome(environment: ProcessInfo.processInfo.environment))
        } catch {
            throw CLIError("cannot open the platform database: \(error.description)")
        }
    }

    /// Opens the store for a command that needs one (`none` is an error there).
    func require(configured: String? = nil) async throws -> any PlatformStore {
        guard let store = try await open(configured: configured) else {
            throw CLIError("this command needs a database; --database none keeps none")
        }
        return store
    }
}
