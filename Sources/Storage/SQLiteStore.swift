// The default store: one SQLite file through GRDB. Opening, migrations, error mapping and the key table live here;
// admission, settlement and the ledger are in SQLiteStore+Billing.swift.
import Foundation
import GRDB

/// A ``PlatformStore`` in one SQLite file (GRDB `DatabasePool`: WAL journal, `synchronous = NORMAL`).
///
/// Several processes may share the file: writers wait up to five seconds for one another (busy timeout), and every
/// change to balances and buckets is one `BEGIN IMMEDIATE` transaction, so its reads and writes see no other
/// writer. Reads run concurrently with writes.
///
/// ```swift
/// let store = try SQLiteStore(path: home + "/swiftlet.sqlite")
/// try await store.migrate()
/// ```
public final class SQLiteStore: PlatformStore {
    /// The database file.
    public let path: String
    let pool: DatabasePool

    /// Opens (creating when missing) the database file at `path`, and its parent directory. Call ``migrate()``
    /// before using it.
    public init(path: String) throws(StoreError) {
        self.path = path
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(
                "Could not create the directory \(directory) for the SQLite database: \(error.localizedDescription)")
        }
        var configuration = Configuration()
        configuration.label = "swiftlet.storage"
        configuration.busyMode = .timeout(5)
        configuration.journalMode = .wal
        configuration.prepareDatabase { db in
            // WAL already implies NORMAL in GRDB; stated here because the store's durability depends on it.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
        } catch {
            throw Self.storeError(error, "Could not open the SQLite database at \(path)")
        }
    }

    /// Creates or upgrades the schema with GRDB's migrator (its own `grdb_migrations` table).
    ///
    /// Each migration is one immediate transaction. Two processes migrating a new file at once can both decide to
    /// run the same migration; the second fails inside its transaction (the table exists) and changes nothing, so a
    /// failed attempt is retried once, and the retry finds the migration applied.
    public func migrate() async throws(StoreError) {
        var migrator = DatabaseMigrator()
        for migration in Schema.migrations {
            migrator.registerMigration(migration.version) { db in
                for statement in migration.statements { try db.execute(sql: statement) }
            }
        }
        do {
            try await Self.migrate(pool, with: migrator)
        } catch {
            do {
                try await Self.migrate(pool, with: migrator)
            } catch {
                throw Self.storeError(error, "Could not migrate the SQLite database at \(path)")
            }
        }
    }

    /// Runs `migrator` off the caller's thread (GRDB's migrator blocks while it waits for the write lock).
    private static func migrate(_ pool: DatabasePool, with migrator: DatabaseMigrator) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            migrator.asyncMigrate(pool) { result in
                switch result {
                case .success: continuation.resume()
                case .failure(let error): continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Nothing to do: GRDB closes the file when the pool goes away.
    public func close() async {}

    // MARK: Keys

    public func insertKey(_ key: APIKeyRecord) async throws(StoreError) {
        let models = try Schema.encodeModels(key.models)
        try await write("Could not insert key \(key.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO api_keys (\(Schema.keyColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.id, key.name, key.prefix, key.digest, models, key.isAdmin, key.rpm, key.tpm, key.creditTicks,
                    key.createdAt, key.expiresAt, key.revokedAt,
                ])
        }
    }

    public func key(digest: String) async throws(StoreError) -> APIKeyRecord? {
        try await read("Could not look up a key by digest") { db in
            try Self.fetchKey(db, where: "digest = ?", digest)
        }
    }

    public func key(id: String) async throws(StoreError) -> APIKeyRecord? {
        try await read("Could not look up key \(id)") { db in
            try Self.fetchKey(db, where: "id = ?", id)
        }
    }

    public func keys() async throws(StoreError) -> [APIKeyRecord] {
        try await read("Could not list keys") { db in
            try Row.fetchAll(db, sql: "SELECT \(Schema.keyColumns) FROM api_keys ORDER BY created_at, id")
                .map(Self.keyRecord)
        }
    }

    /// Keeps the first revocation time when the key was already revoked.
    public func revokeKey(id: String, at: Int64) async throws(StoreError) -> Bool {
        try await write("Could not revoke key \(id)") { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?", arguments: [at, id])
            return db.changesCount > 0
        }
    }

    public func topUp(id: String, ticks: Int64) async throws(StoreError) -> APIKeyRecord? {
        try await write("Could not top up key \(id)") { db in
            try db.execute(
                sql: "UPDATE api_keys SET credit_ticks = COALESCE(credit_ticks, 0) + ? WHERE id = ?",
                arguments: [ticks, id])
            return try Self.fetchKey(db, where: "id = ?", id)
        }
    }

    // MARK: Helpers

    /// Runs `body` in one `BEGIN IMMEDIATE` transaction, mapping every failure to a ``StoreError`` that starts with
    /// `context`.
    func write<T: Sendable>(_ context: String, _ body: @escaping @Sendable (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do {
            return try await pool.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                guard let result else { throw StoreError("the transaction returned nothing") }
                return result
            }
        } catch {
            throw Self.storeError(error, context)
        }
    }

    /// Runs `body` on a reader (a snapshot of the last committed state).
    func read<T: Sendable>(_ context: String, _ body: @escaping @Sendable (Database) throws -> T)
        async throws(StoreError) -> T
    {
        do {
            return try await pool.read(body)
        } catch {
            throw Self.storeError(error, context)
        }
    }

    static func fetchKey(_ db: Database, where condition: String, _ value: String) throws -> APIKeyRecord? {
        try Row.fetchOne(
            db, sql: "SELECT \(Schema.keyColumns) FROM api_keys WHERE \(condition)", arguments: [value]
        ).map(keyRecord)
    }

    static func keyRecord(_ row: Row) throws -> APIKeyRecord {
        let id = try row.decode(String.self, forColumn: "id")
        return APIKeyRecord(
            id: id, name: try row.decode(forColumn: "name"), prefix: try row.decode(forColumn: "prefix"),
            digest: try row.decode(forColumn: "digest"),
            models: try Schema.decodeModels(row.decode(String?.self, forColumn: "models"), keyID: id),
            isAdmin: try row.decode(forColumn: "is_admin"), rpm: try row.decode(forColumn: "rpm"),
            tpm: try row.decode(forColumn: "tpm"), creditTicks: try row.decode(forColumn: "credit_ticks"),
            createdAt: try row.decode(forColumn: "created_at"), expiresAt: try row.decode(forColumn: "expires_at"),
            revokedAt: try row.decode(forColumn: "revoked_at"))
    }

    /// A GRDB or decoding failure as a ``StoreError``: the context, then SQLite's own message (never the statement's
    /// arguments).
    static func storeError(_ error: any Error, _ context: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return StoreError("\(context): \(error.description)")
        case let error as DatabaseError:
            let busy = error.resultCode == .SQLITE_BUSY ? " (the database stayed locked by another writer)" : ""
            return StoreError(
                "\(context): SQLite error \(error.extendedResultCode.rawValue)\(busy): \(error.message ?? "no message")"
            )
        case is RowDecodingError:
            // Its description quotes the row's values: not for logs.
            return StoreError("\(context): a stored row does not have the expected columns or types")
        case is CancellationError:
            return StoreError("\(context): cancelled")
        default:
            return StoreError("\(context): \(error)")
        }
    }
}
