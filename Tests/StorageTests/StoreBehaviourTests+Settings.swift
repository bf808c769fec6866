// Shared settings, checked identically on SQLite and PostgreSQL: the first proposal wins, for every store on the
// same database (several server instances).
import Storage
import Testing

@Suite struct SharedSettingsTests {
    @Test(arguments: Backend.allCases) func theFirstProposalWinsForEveryInstance(_ backend: Backend) async throws {
        let database = try TestDatabase(backend)
        let a = try database.open()
        let b = try database.open()
        do {
            try await a.migrate()
            try await b.migrate()
            let first = try #require(a as? any SharedSettings)
            let second = try #require(b as? any SharedSettings)
            async let x = first.sharedValue("thinking-secret", proposing: "from-a")
            async let y = second.sharedValue("thinking-secret", proposing: "from-b")
            let (va, vb) = try await (x, y)
            #expect(va == vb)
            #expect(["from-a", "from-b"].contains(va))
            #expect(try await second.sharedValue("thinking-secret", proposing: "later") == va)
            #expect(try await first.sharedValue("other", proposing: "o") == "o")
        } catch {
            await a.close()
            await b.close()
            try await database.remove()
            throw error
        }
        await a.close()
        await b.close()
        try await database.remove()
    }
}
