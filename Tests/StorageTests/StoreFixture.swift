// Fresh, isolated stores for the behaviour suite, on both backends: SQLite in a temporary directory, PostgreSQL in a
// schema of its own inside $SWIFTLET_TEST_DATABASE_URL (dropped afterwards), plus small builders for keys, admissions
// and ledger rows so the tests read as the rules they check.
import Foundation
import Storage
import Testing

/// The two implementations of ``PlatformStore`` every behaviour test runs against.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }
}

/// One test's database: a new SQLite file or a new PostgreSQL schema. ``open()`` can be called more than once to get
/// several stores on the same data, as several server processes would have.
struct TestDatabase: Sendable {
    let backend: Backend
    /// The SQLite file, or the PostgreSQL URL.
    private let location: String
    private let schema: String

    init(_ backend: Backend) throws {
        self.backend = backend
        let unique = UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        schema = "t_" + unique
        switch backend {
        case .sqlite:
            location = FileManager.default.temporaryDirectory.path + "/swiftlet-storage-\(unique)/swiftlet.sqlite"
        case .postgres:
            location = try #require(
                ProcessInfo.processInfo.environment["SWIFTLET_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
                """
                SWIFTLET_TEST_DATABASE_URL is not set: the PostgreSQL cases need a database. Run \
                `export SWIFTLET_TEST_DATABASE_URL=$(scripts/postgres.sh)` (it installs and starts a local one).
                """)
        }
    }

    /// A new store on this database, not migrated.
    func open() throws -> any PlatformStore {
        switch backend {
        case .sqlite: try SQLiteStore(path: location)
        case .postgres: try PostgresStore(url: location, schema: schema)
        }
    }

    /// Removes the database (the SQLite directory, or the PostgreSQL schema).
    func remove() async throws {
        switch backend {
        case .sqlite:
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: location).deletingLastPathComponent().path)
        case .postgres:
            let store = try PostgresStore(url: location, schema: schema)
            do {
                try await store.dropSchema()
            } catch {
                await store.close()
                throw error
            }
            await store.close()
        }
    }
}

/// Runs `body` with a migrated store on a fresh database, then closes the store and removes the database.
func withStore(_ backend: Backend, _ body: (any PlatformStore) async throws -> Void) async throws {
    let database = try TestDatabase(backend)
    let store = try database.open()
    do {
        try await store.migrate()
        try await body(store)
    } catch {
        await store.close()
        try await database.remove()
        throw error
    }
    await store.close()
    try await database.remove()
}

/// An arbitrary fixed clock (Unix milliseconds): tests pass times explicitly and never sleep.
let t0: Int64 = 1_750_000_000_000

/// A key whose digest and prefix derive from its id.
func makeKey(
    _ id: String, rpm: Int? = nil, tpm: Int? = nil, credit: Int64? = nil, models: [String]? = nil,
    isAdmin: Bool = false, createdAt: Int64 = t0
) -> APIKeyRecord {
    APIKeyRecord(
        id: id, name: "name of \(id)", prefix: "sk-swl-\(id.prefix(4))", digest: "digest-\(id)", models: models,
        isAdmin: isAdmin, rpm: rpm, tpm: tpm, creditTicks: credit, createdAt: createdAt)
}

/// An admission for `key` with its own limits (the usual case: the server copies them from the key).
func makeAdmission(
    _ key: APIKeyRecord, id: String, tokens: Int = 0, reserve: Int64 = 0, now: Int64 = t0, instance: String = "one",
    expiresAt: Int64? = nil
) -> Admission {
    Admission(
        keyID: key.id, rpm: key.rpm, tpm: key.tpm, tokens: tokens, reserveTicks: reserve, reservationID: id,
        instance: instance, now: now, expiresAt: expiresAt ?? now + 600_000)
}

/// A completed request's ledger row.
func makeEntry(
    _ id: String, keyID: String?, cost: Int64, createdAt: Int64 = t0, prompt: Int = 10, completion: Int = 20,
    model: String = "smollm2"
) -> LedgerEntry {
    LedgerEntry(
        id: id, keyID: keyID, model: model, route: "/v1/chat/completions", promptTokens: prompt, cachedTokens: 2,
        completionTokens: completion, reasoningTokens: 3, costTicks: cost, status: "completed", finishReason: "stop",
        ttftMs: 12, durationMs: 345, createdAt: createdAt)
}

extension AdmissionDecision {
    var isAdmitted: Bool {
        if case .admitted = self { true } else { false }
    }
}
