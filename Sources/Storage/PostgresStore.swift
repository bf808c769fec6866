// The shared store: PostgreSQL through postgres-nio's pooled client, for several server processes on one database.
// Connection, migrations, error mapping and the key table live here; admission, settlement and the ledger are in
// PostgresStore+Billing.swift.
public import Logging
import PostgresNIO

/// A ``PlatformStore`` in a PostgreSQL database, shared by any number of server processes.
///
/// Admission and settlement lock the key's row (`SELECT … FOR UPDATE`) and then its bucket rows inside one
/// transaction, so every process sees one balance, one set of reservations and one pair of rate buckets per key.
/// The connection pool runs in a task the store owns; ``close()`` ends it.
///
/// ```swift
/// let store = try PostgresStore(url: "postgres://swiftlet:secret@127.0.0.1:5432/swiftlet")
/// try await store.migrate()
/// // … serve …
/// await store.close()
/// ```
public final class PostgresStore: PlatformStore {
    /// The database URL without its password.
    public let location: String
    /// The schema the tables live in (nil = the server's default `search_path`, normally `public`).
    public let schema: String?
    let client: PostgresClient
    let logger: Logger
    /// The same settings for one connection outside the pool (migrations).
    private let direct: PostgresConnection.Configuration
    private let runner: Task<Void, Never>

    /// Connects to the database at `url` (`postgres://user:password@host:port/database`, or `postgresql://…`;
    /// `?sslmode=disable` accepted, TLS off). Call ``migrate()`` before using it, and ``close()`` when done.
    ///
    /// - Parameters:
    ///   - schema: A schema of its own for the tables (lowercase letters, digits and `_`), created by ``migrate()``;
    ///     nil uses the connection's default `search_path`. Tests use one schema each.
    ///   - logger: Where the connection pool logs connection failures.
    public init(url: String, schema: String? = nil, logger: Logger = Logger(label: "swiftlet.storage.postgres"))
        throws(StoreError)
    {
        let parsed = try PostgresURL(url)
        if let schema, !Self.isPlainIdentifier(schema) {
            throw StoreError(
                "The schema name '\(schema)' must be 1-63 lowercase ASCII letters, digits or _, not starting with "
                    + "a digit")
        }
        var configuration = PostgresClient.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
            database: parsed.database, tls: .disable)
        if let schema { configuration.options.additionalStartupParameters = [("search_path", schema)] }
        configuration.options.connectTimeout = .seconds(5)
        var direct = PostgresConnection.Configuration(
            host: parsed.host, port: parsed.port, username: parsed.username, password: parsed.password,
            database: parsed.database, tls: .disable)
        direct.options.additionalStartupParameters = configuration.options.additionalStartupParameters
        direct.options.connectTimeout = .seconds(5)
        self.direct = direct
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        self.schema = schema
        self.location = parsed.redacted
        // Start the pool before the first query can ask it for a connection.
        if #available(macOS 26, *) {
            runner = Task.immediate { await client.run() }
        } else {
            runner = Task { await client.run() }
        }
    }

    deinit { runner.cancel() }

    /// Whether `name` can go into SQL unquoted: `[a-z_][a-z0-9_]*`, at most 63 bytes (PostgreSQL's limit).
    static func isPlainIdentifier(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        func isLetter(_ byte: UInt8) -> Bool {
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || byte == UInt8(ascii: "_")
        }
        func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
        guard let first = bytes.first, isLetter(first), bytes.count <= 63 else { return false }
        return bytes.allSatisfy { isLetter($0) || isDigit($0) }
    }

    /// Ends the connection pool; later calls fail.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Creates or upgrades the schema, recording versions in `swiftlet_migrations`. All pending migrations run in one
    /// transaction that first takes a transaction-level advisory lock, so two processes migrating at once apply each
    /// migration exactly once: the second waits, then finds the versions recorded.
    ///
    /// It runs on a connection of its own rather than the pool, so an unreachable server, a wrong password or a
    /// missing database fail here at once instead of after the pool's retries.
    public func migrate() async throws(StoreError) {
        let lockName = "swiftlet.migrate." + (schema ?? "default")
        try await directTransaction("Could not migrate the PostgreSQL database at \(location)") { db in
            try await db.query("SELECT pg_advisory_xact_lock(hashtext(\(lockName)))", logger: self.logger)
            if let schema = self.schema {
                try await db.query("CREATE SCHEMA IF NOT EXISTS \(unescaped: schema)", logger: self.logger)
            }
            try await db.query(
                "CREATE TABLE IF NOT EXISTS swiftlet_migrations (version TEXT NOT NULL PRIMARY KEY)",
                logger: self.logger)
            var applied: Set<String> = []
            for try await version in try await db.query("SELECT version FROM swiftlet_migrations", logger: self.logger)
                .decode(String.self)
            {
                applied.insert(version)
            }
            for migration in Schema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements {
                    try await db.query(PostgresQuery(unsafeSQL: statement), logger: self.logger)
                }
                try await db.query(
                    "INSERT INTO swiftlet_migrations (version) VALUES (\(migration.version))", logger: self.logger)
            }
        }
    }

    /// Drops this store's schema and everything in it (tests' clean-up). Refuses when the store has no schema of its
    /// own, so it can never drop `public`.
    public func dropSchema() async throws(StoreError) {
        guard let schema else { throw StoreError("This PostgresStore has no schema of its own to drop") }
        try await directTransaction("Could not drop schema \(schema)") { db in
            _ = try await db.query("DROP SCHEMA IF EXISTS \(unescaped: schema) CASCADE", logger: self.logger)
        }
    }

    /// Runs `body` in one transaction on a new connection outside the pool, then closes it.
    private func directTransaction(_ context: String, _ body: (PostgresConnection) async throws -> sending Void)
        async throws(StoreError)
    {
        do {
            let connection = try await PostgresConnection.connect(configuration: direct, id: 0, logger: logger)
            do {
                try await connection.withTransaction(logger: logger, body)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        } catch {
            throw storeError(error, context)
        }
    }

    // MARK: Keys

    public func insertKey(_ key: APIKeyRecord) async throws(StoreError) {
        let models = try Schema.encodeModels(key.models)
        try await transaction("Could not insert key \(key.id)") { db in
            _ = try await db.query(
                """
                INSERT INTO api_keys (\(unescaped: Schema.keyColumns)) VALUES (\(key.id), \(key.name), \(key.prefix),
                    \(key.digest), \(models), \(key.isAdmin), \(key.rpm), \(key.tpm), \(key.creditTicks),
                    \(key.createdAt), \(key.expiresAt), \(key.revokedAt))
                """, logger: self.logger)
        }
    }

    public func key(digest: String) async throws(StoreError) -> APIKeyRecord? {
        try await connection("Could not look up a key by digest") { db in
            try await self.fetchKey(db, "SELECT \(unescaped: Schema.keyColumns) FROM api_keys WHERE digest = \(digest)")
        }
    }

    public func key(id: String) async throws(StoreError) -> APIKeyRecord? {
        try await connection("Could not look up key \(id)") { db in
            try await self.fetchKey(db, "SELECT \(unescaped: Schema.keyColumns) FROM api_keys WHERE id = \(id)")
        }
    }

    public func keys() async throws(StoreError) -> [APIKeyRecord] {
        try await connection("Could not list keys") { db in
            var keys: [APIKeyRecord] = []
            let rows = try await db.query(
                "SELECT \(unescaped: Schema.keyColumns) FROM api_keys ORDER BY created_at, id", logger: self.logger)
            for try await row in rows { keys.append(try Self.keyRecord(row)) }
            return keys
        }
    }

    /// Keeps the first revocation time when the key was already revoked.
    public func revokeKey(id: String, at: Int64) async throws(StoreError) -> Bool {
        try await transaction("Could not revoke key \(id)") { db in
            let rows = try await db.query(
                "UPDATE api_keys SET revoked_at = COALESCE(revoked_at, \(at)) WHERE id = \(id) RETURNING id",
                logger: self.logger
            ).collect()
            return !rows.isEmpty
        }
    }

    public func topUp(id: String, ticks: Int64) async throws(StoreError) -> APIKeyRecord? {
        try await transaction("Could not top up key \(id)") { db in
            try await self.fetchKey(
                db,
                """
                UPDATE api_keys SET credit_ticks = COALESCE(credit_ticks, 0) + \(ticks) WHERE id = \(id)
                RETURNING \(unescaped: Schema.keyColumns)
                """)
        }
    }

    // MARK: Helpers

    /// Runs `body` in one transaction on a pooled connection, mapping every failure to a ``StoreError`` that starts
    /// with `context`. A failure rolls the transaction back.
    func transaction<T: Sendable>(_ context: String, _ body: (PostgresConnection) async throws -> sending T)
        async throws(StoreError) -> T
    {
        do {
            return try await client.withTransaction(logger: logger, body)
        } catch {
            throw storeError(error, context)
        }
    }

    /// Runs `body` on a pooled connection outside any explicit transaction (single-statement reads).
    func connection<T: Sendable>(_ context: String, _ body: (PostgresConnection) async throws -> sending T)
        async throws(StoreError) -> T
    {
        do {
            return try await client.withConnection(body)
        } catch {
            throw storeError(error, context)
        }
    }

    func fetchKey(_ db: PostgresConnection, _ query: PostgresQuery) async throws -> APIKeyRecord? {
        try await db.query(query, logger: logger).collect().first.map(Self.keyRecord)
    }

    static func keyRecord(_ row: PostgresRow) throws -> APIKeyRecord {
        let (id, name, prefix, digest, models, isAdmin, rpm, tpm, credit, created, expires, revoked) = try row.decode(
            (String, String, String, String, String?, Bool, Int?, Int?, Int64?, Int64, Int64?, Int64?).self)
        return APIKeyRecord(
            id: id, name: name, prefix: prefix, digest: digest, models: try Schema.decodeModels(models, keyID: id),
            isAdmin: isAdmin, rpm: rpm, tpm: tpm, creditTicks: credit, createdAt: created, expiresAt: expires,
            revokedAt: revoked)
    }

    /// A postgres-nio failure as a ``StoreError``: the context, then the server's SQLSTATE and message, or what went
    /// wrong with the connection. postgres-nio's own descriptions are deliberately empty; the statement's bound values
    /// are never included.
    func storeError(_ error: any Error, _ context: String) -> StoreError {
        switch error {
        case let error as StoreError:
            return StoreError("\(context): \(error.description)")
        case let error as PostgresTransactionError:
            guard let inner = error.closureError ?? error.beginError ?? error.commitError else {
                return StoreError("\(context): the transaction failed")
            }
            return storeError(inner, context)
        case let error as PSQLError:
            if let info = error.serverInfo {
                let state = info[.sqlState] ?? "?"
                // Authentication, a missing database, a broken connection: say which server.
                let named = context.contains(location)
                let server = !named && ["28", "3D", "08"].contains(where: state.hasPrefix) ? " (\(location))" : ""
                return StoreError("\(context): PostgreSQL error \(state)\(server): \(info[.message] ?? "no message")")
            }
            let cause = error.underlying.map { ": \($0)" } ?? ""
            let server = context.contains(location) ? "" : " talking to \(location)"
            return StoreError("\(context): \(error.code)\(server)\(cause)")
        case let error as PostgresDecodingError:
            return StoreError(
                "\(context): column \(error.columnName) could not be read as \(error.targetType) (\(error.code))")
        case is CancellationError:
            return StoreError("\(context): cancelled")
        default:
            // The pool's own errors come from a module that cannot be imported; recognise the one that matters.
            let text = String(describing: error)
            if text.contains("poolShutdown") { return StoreError("\(context): the store is closed") }
            return StoreError("\(context): \(text)")
        }
    }
}
