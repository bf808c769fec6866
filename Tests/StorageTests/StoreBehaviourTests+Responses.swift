// Stored responses, checked identically on SQLite and PostgreSQL (and on the in-memory store servers without a
// database use): save and replace, read back only under the key that stored them, delete, input items.
import Storage
import Testing

@Suite struct ResponseStoreTests {
    /// The backends, and the in-memory store.
    enum Kind: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case sqlite, postgres, memory
        var testDescription: String { rawValue }
    }

    static func with(_ kind: Kind, _ body: (any ResponseStore) async throws -> Void) async throws {
        switch kind {
        case .sqlite, .postgres:
            try await withStore(kind == .sqlite ? .sqlite : .postgres) { store in
                try await body(try #require(store as? any ResponseStore))
            }
        case .memory:
            try await body(MemoryResponseStore())
        }
    }

    static func stored(_ id: String, keyID: String?, status: String = "completed", previous: String? = nil)
        -> StoredResponse
    {
        StoredResponse(
            id: id, keyID: keyID, model: "smollm2", status: status, previousResponseID: previous,
            inputItems: #"[{"type":"message","role":"user","content":[{"type":"input_text","text":"é \"quoted\""}]}]"#,
            outputItems: #"[{"type":"message","id":"msg_1"}]"#, response: #"{"id":"\#(id)","object":"response"}"#,
            createdAt: t0)
    }

    @Test(arguments: Kind.allCases) func savedResponsesReadBackUnderTheirKeyOnly(_ kind: Kind) async throws {
        try await Self.with(kind) { store in
            let alice = Self.stored("resp_a", keyID: "key_alice")
            let open = Self.stored("resp_o", keyID: nil, previous: "resp_x")
            try await store.saveResponse(alice)
            try await store.saveResponse(open)
            #expect(try await store.response(id: "resp_a", keyID: "key_alice") == alice)
            #expect(try await store.response(id: "resp_o", keyID: nil) == open)
            // Another key, or no key, sees nothing; nor does a key see the keyless ones.
            #expect(try await store.response(id: "resp_a", keyID: "key_bob") == nil)
            #expect(try await store.response(id: "resp_a", keyID: nil) == nil)
            #expect(try await store.response(id: "resp_o", keyID: "key_alice") == nil)
            #expect(try await store.response(id: "resp_missing", keyID: nil) == nil)
            #expect(try await store.responseInputItems(id: "resp_a", keyID: "key_alice") == alice.inputItems)
            #expect(try await store.responseInputItems(id: "resp_a", keyID: "key_bob") == nil)
        }
    }

    @Test(arguments: Kind.allCases) func savingAgainReplaces(_ kind: Kind) async throws {
        try await Self.with(kind) { store in
            try await store.saveResponse(Self.stored("resp_a", keyID: "key_alice", status: "incomplete"))
            let final = Self.stored("resp_a", keyID: "key_alice", status: "completed")
            try await store.saveResponse(final)
            #expect(try await store.response(id: "resp_a", keyID: "key_alice") == final)
        }
    }

    @Test(arguments: Kind.allCases) func deleteOnlyUnderTheOwningKey(_ kind: Kind) async throws {
        try await Self.with(kind) { store in
            try await store.saveResponse(Self.stored("resp_a", keyID: "key_alice"))
            try await store.saveResponse(Self.stored("resp_o", keyID: nil))
            #expect(try await store.deleteResponse(id: "resp_a", keyID: "key_bob") == false)
            #expect(try await store.deleteResponse(id: "resp_a", keyID: nil) == false)
            #expect(try await store.response(id: "resp_a", keyID: "key_alice") != nil)
            #expect(try await store.deleteResponse(id: "resp_a", keyID: "key_alice") == true)
            #expect(try await store.deleteResponse(id: "resp_a", keyID: "key_alice") == false)
            #expect(try await store.response(id: "resp_a", keyID: "key_alice") == nil)
            #expect(try await store.deleteResponse(id: "resp_o", keyID: nil) == true)
        }
    }

    @Test func memoryStoreDropsTheOldestBeyondItsCapacity() async throws {
        let store = MemoryResponseStore(capacity: 2)
        for id in ["resp_1", "resp_2", "resp_3"] { try await store.saveResponse(Self.stored(id, keyID: nil)) }
        #expect(try await store.response(id: "resp_1", keyID: nil) == nil)
        #expect(try await store.response(id: "resp_3", keyID: nil) != nil)
    }
}
