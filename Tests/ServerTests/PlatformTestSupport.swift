import Foundation
import HummingbirdTesting
import Logging
import Server
import Storage
import Synchronization
import TestSupport
import Testing

/// The databases the platform tests run on: SQLite in a temporary directory, and PostgreSQL at
/// `SWIFTLET_TEST_DATABASE_URL` (which `scripts/test.sh` starts; without it the PostgreSQL cases fail and say so).
enum TestDatabase: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite, postgres

    var testDescription: String { rawValue }

    /// A fresh, migrated store of this kind with nothing in it, where its bytes live (SQLite only), and what removes
    /// it afterwards.
    func makeStore() async throws -> (store: any PlatformStore, file: String?, cleanup: @Sendable () async -> Void) {
        switch self {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-platform-\(UUID().uuidString)")
            let path = dir.appendingPathComponent("swiftlet.sqlite").path
            let store = try await StoreLocation.open(databaseURL: path, home: dir.path)
            return (store, path, { try? FileManager.default.removeItem(at: dir) })
        case .postgres:
            guard let url = ProcessInfo.processInfo.environment["SWIFTLET_TEST_DATABASE_URL"], !url.isEmpty else {
                throw TestDatabaseMissing()
            }
            let store = try PostgresStore(url: url, schema: "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased())
            try await store.migrate()
            return (store, nil, { try? await store.dropSchema() })
        }
    }
}

/// PostgreSQL tests need a server: run `scripts/postgres.sh` and export its URL as `SWIFTLET_TEST_DATABASE_URL`.
struct TestDatabaseMissing: Error, CustomStringConvertible {
    var description: String {
        "SWIFTLET_TEST_DATABASE_URL is not set: run `export SWIFTLET_TEST_DATABASE_URL=$(scripts/postgres.sh)` (scripts/test.sh does)"
    }
}

/// Runs `body` against the application with a platform store (static admin key `sk-admin`).
func withPlatformApp(
    _ database: TestDatabase, service: FakeInferenceService = FakeInferenceService(), staticKeys: [String] = ["sk-admin"],
    clock: TestClock? = nil,
    _ body: @Sendable (any TestClientProtocol, any PlatformStore, String?) async throws -> Void
) async throws {
    let (store, file, cleanup) = try await database.makeStore()
    var logger = Logger(label: "swiftlet-test")
    logger.logLevel = .error
    var platform = Platform(store: store, prices: PriceBook(), instance: "test")
    if let clock { platform.clock = { clock.now } }
    let app = buildApplication(service: service, configuration: .test(keys: staticKeys), platform: platform, logger: logger)
    do {
        try await app.test(.router) { client in try await body(client, store, file) }
    } catch {
        await cleanup()
        await store.close()
        throw error
    }
    await cleanup()
    await store.close()
}

/// A wall clock that moves only when a test moves it, so rate-limit buckets refill exactly when the test says, however
/// slowly a loaded machine runs the requests.
final class TestClock: Sendable {
    private let value: Mutex<Int64>

    init(_ start: Int64 = UnixTime.milliseconds()) { value = Mutex(start) }

    var now: Int64 { value.withLock { $0 } }

    func advance(milliseconds: Int64) { value.withLock { $0 += milliseconds } }
}
