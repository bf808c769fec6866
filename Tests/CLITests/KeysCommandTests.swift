import Foundation
import InferenceTypes
import Testing
import TestSupport

/// `swiftlet keys` and `swiftlet usage` on a SQLite database: the CLI half of the key lifecycle (the live run in
/// `Tests/python/platform_acceptance.py` drives the same commands against a serving process, on SQLite and PostgreSQL).
@Suite struct KeysCommandTests {
    let database = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-keys-\(UUID().uuidString)/swiftlet.sqlite").path

    private func json(_ arguments: [String]) throws -> JSONValue {
        let r = try CLIRunner.run(arguments + ["--json", "--database", database])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONValue.parse(r.stdout)
    }

    @Test func createListTopUpRevoke() throws {
        let created = try json(["keys", "create", "--name", "alice", "--credits", "2.5", "--rpm", "10", "--models", "a,b"])
        let secret = try #require(created["secret"]?.stringValue)
        let id = try #require(created["id"]?.stringValue)
        #expect(secret.hasPrefix("sk-swl-") && secret.count == 50)
        #expect(created["credit_ticks"]?.intValue == 25_000_000_000 && created["rpm"]?.intValue == 10)
        #expect(created["models"] == ["a", "b"])

        let list = try json(["keys", "list"])
        let row = try #require(list["data"]?.arrayValue?.first)
        #expect(row["id"]?.stringValue == id && row["available_ticks"]?.intValue == 25_000_000_000)
        #expect(row["secret"] == nil && !list.serialized().contains(secret))

        let topped = try json(["keys", "top-up", id, "--credits", "0.5"])
        #expect(topped["credit_ticks"]?.intValue == 30_000_000_000)
        let revoked = try json(["keys", "revoke", id])
        #expect(revoked["status"]?.stringValue == "revoked")

        // The secret is nowhere in the database file.
        let bytes = try Data(contentsOf: URL(fileURLWithPath: database))
        #expect(bytes.range(of: Data(secret.utf8)) == nil)

        let free = try json(["keys", "create", "--name", "trial", "--free-tier"])
        #expect(free["credit_ticks"]?.intValue == 10_000_000_000)
        let usage = try json(["usage", "--key", id])
        #expect(usage["data"]?.arrayValue?.isEmpty == true && usage["totals"]?["requests"]?.intValue == 0)
        let csv = try CLIRunner.run(["usage", "--csv", "--database", database])
        #expect(csv.status == 0 && csv.stdout.hasPrefix("id,key_id,model,route,prompt_tokens"))
    }

    @Test func mistakesAreClearErrors() throws {
        let unknown = try CLIRunner.run(["keys", "revoke", "key_nope", "--database", database])
        #expect(unknown.status != 0 && unknown.stderr.contains("no key with id key_nope"))
        let negative = try CLIRunner.run(["keys", "create", "--name", "x", "--credits", "-1", "--database", database])
        #expect(negative.status != 0 && negative.stderr.contains("credits"))
        let since = try CLIRunner.run(["usage", "--since", "yesterday", "--database", database])
        #expect(since.status != 0 && since.stderr.contains("--since"))
        let scheme = try CLIRunner.run(["keys", "list", "--database", "mysql://u:hunter2@h/db"])
        #expect(scheme.status != 0 && !scheme.stderr.contains("hunter2"))
    }
}
