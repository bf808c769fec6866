import ArgumentParser
import Foundation
import Server
import Storage

/// Where the platform's database is, for `keys` and `usage`: `--database`, else `SWIFTLET_DATABASE_URL`, else the
/// config file's `database`, else SQLite at `$SWIFTLET_HOME/swiftlet.sqlite` (the order `serve` reads it in).
struct DatabaseOptions: ParsableArguments {
    @Option(help: "Platform database: postgres://user:pass@host:5432/db, a SQLite file path, or `none` (serve only: keep no keys or usage). Default: SWIFTLET_DATABASE_URL, else $SWIFTLET_HOME/swiftlet.sqlite.")
    var database: String?

    /// The URL to open: the flag, else the configured one (the environment's `SWIFTLET_DATABASE_URL` over the config
    /// file's `database`, as ``ServerConfiguration/resolve(_:)`` reads it); nil = the default SQLite file.
    func url(configured: String?) -> String? {
        if let database, !database.isEmpty { return database }
        return configured
    }

    /// Opens (and migrates) the store; nil for `none`.
    func open(configured: String? = nil) async throws -> (any PlatformStore)? {
        try await Self.open(url: url(configured: configured))
    }

    /// Opens (and migrates) the store at `url` (nil = the default SQLite file); nil for `none`.
    static func open(url: String?) async throws -> (any PlatformStore)? {
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

/// The configuration `keys` and `usage` read their database and free-tier credit from: the environment over the
/// config file named by `path` (else `SWIFTLET_CONFIG`), as `serve` reads them.
func loadConfiguration(file path: String?) async throws -> ServerConfiguration {
    let environment = ProcessInfo.processInfo.environment
    let file = path ?? environment["SWIFTLET_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
    do {
        return try await ServerConfiguration.resolve(try await ConfigSources(environment: environment, filePath: file))
    } catch {
        throw CLIError(error.description)
    }
}
