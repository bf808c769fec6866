// Choosing and opening a store from a database URL: the schemes accepted, the home directory, and that no error
// message ever repeats a URL's password.
import Foundation
import Storage
import Testing

@Suite struct StoreLocationTests {
    /// A fresh directory, removed after `body`.
    func withDirectory(_ body: (String) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.path + "/swiftlet-location-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await body(directory)
    }

    @Test func defaultsToSQLiteInHome() async throws {
        try await withDirectory { home in
            let store = try await StoreLocation.open(databaseURL: nil, home: home + "/state")
            #expect((store as? SQLiteStore)?.path == home + "/state/swiftlet.sqlite")
            try await store.insertKey(makeKey("key_home"))
            await store.close()
            #expect(FileManager.default.fileExists(atPath: home + "/state/swiftlet.sqlite"))
            // The same file again, already migrated.
            let again = try await StoreLocation.open(databaseURL: "", home: home + "/state")
            #expect(try await again.keys().map(\.id) == ["key_home"])
        }
    }

    @Test func sqliteURLsAndPaths() async throws {
        try await withDirectory { directory in
            let url = try await StoreLocation.open(databaseURL: "sqlite://\(directory)/a/one.db", home: "/nonexistent")
            #expect((url as? SQLiteStore)?.path == directory + "/a/one.db")
            let path = try await StoreLocation.open(databaseURL: directory + "/b/two.db", home: "/nonexistent")
            #expect((path as? SQLiteStore)?.path == directory + "/b/two.db")
        }
    }

    @Test func refusesOtherSchemesWithoutThePassword() async throws {
        let error = await #expect(throws: StoreError.self) {
            _ = try await StoreLocation.open(databaseURL: "mysql://root:hunter2@db:3306/x", home: "/tmp")
        }
        #expect(error?.description.contains("mysql") == true)
        #expect(error?.description.contains("hunter2") == false)
        // A mistyped URL is not taken for a file name.
        await #expect(throws: StoreError.self) {
            _ = try await StoreLocation.open(databaseURL: "postgres:/u:hunter2@db/x", home: "/tmp")
        }

        let tls = await #expect(throws: StoreError.self) {
            _ = try await StoreLocation.open(databaseURL: "postgres://u:hunter2@db/x?sslmode=require", home: "/tmp")
        }
        #expect(tls?.description.contains("sslmode=require") == true)
        #expect(tls?.description.contains("hunter2") == false)
    }

    @Test func unreachablePostgresFailsWithoutThePassword() async throws {
        // Port 1 on loopback: nothing listens, so the connection is refused at once.
        let error = await #expect(throws: StoreError.self) {
            _ = try await StoreLocation.open(databaseURL: "postgresql://u:hunter2@127.0.0.1:1/x", home: "/tmp")
        }
        #expect(error?.description.contains("127.0.0.1:1") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func postgresURLIsParsedAndShownWithoutPassword() async throws {
        let store = try PostgresStore(url: "postgresql://us%40er:p%40ss@[::1]:6543/db?sslmode=disable")
        #expect(store.location == "postgres://us@er@[::1]:6543/db")
        await store.close()
        let defaults = try PostgresStore(url: "postgres://swiftlet@localhost")
        #expect(defaults.location == "postgres://swiftlet@localhost:5432/swiftlet")
        await defaults.close()
        #expect(throws: StoreError.self) { try PostgresStore(url: "postgres://localhost/db") }
        #expect(throws: StoreError.self) { try PostgresStore(url: "postgres://u@localhost/db?search_path=x") }
        #expect(throws: StoreError.self) { try PostgresStore(url: "postgres://u@localhost/db", schema: "Bad-Name") }
    }

    @Test func opensPostgresFromTheTestDatabaseURL() async throws {
        let url = try #require(
            ProcessInfo.processInfo.environment["SWIFTLET_TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 },
            "SWIFTLET_TEST_DATABASE_URL is not set: run `export SWIFTLET_TEST_DATABASE_URL=$(scripts/postgres.sh)`")
        let store = try await StoreLocation.open(databaseURL: url, home: "/nonexistent")
        #expect(store is PostgresStore)
        #expect(try await store.key(id: "key_never_inserted") == nil)
        await store.close()

        // The same server with a wrong password: refused at once, and the message does not repeat it.
        var wrong = try #require(URLComponents(string: url))
        wrong.password = "hunter2"
        let wrongURL = wrong.string ?? ""
        let error = await #expect(throws: StoreError.self) {
            _ = try await StoreLocation.open(databaseURL: wrongURL, home: "/nonexistent")
        }
        #expect(error?.description.contains("28P01") == true)
        #expect(error?.description.contains("hunter2") == false)
    }

    @Test func homeDirectory() {
        #expect(
            StoreLocation.defaultHome(environment: ["SWIFTLET_HOME": "/srv/swiftlet", "HOME": "/root"])
                == "/srv/swiftlet")
        #expect(
            StoreLocation.defaultHome(environment: ["SWIFTLET_HOME": "", "HOME": "/home/me"])
                == "/home/me/.cache/swiftlet")
    }
}
