import Foundation
import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import Storage
import TestSupport
import Testing

/// Stored responses: retrieval, input items, deletion, continuation, per-key isolation and the ledger, on SQLite and
/// on PostgreSQL (and in memory on an open server).
@Suite struct ResponsesStorageTests {
    static func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    @Test func storeGetInputItemsDelete() async throws {
        try await withApp { client in
            let input = #"[{"role":"user","content":"one"},{"role":"user","content":"two"},{"role":"user","content":"three"}]"#
            let created = try await client.post("/v1/responses", ResponsesRouteTests.body(input)).json
            let id = try #require(created["id"]?.stringValue)
            let got = try await client.get("/v1/responses/\(id)")
            #expect(got.status == .ok && got.json == created)

            let all = try await client.get("/v1/responses/\(id)/input_items").json
            #expect(all["object"] == "list" && all["has_more"] == false)
            let texts = all["data"]?.arrayValue?.compactMap { at($0, "content", 0, "text")?.stringValue }
            #expect(texts == ["three", "two", "one"])  // newest first by default
            #expect(all["first_id"] == at(all, "data", 0, "id") && all["last_id"] == at(all, "data", 2, "id"))
            #expect(at(all, "data", 0, "type") == "message" && at(all, "data", 0, "content", 0, "type") == "input_text")
            let page = try await client.get("/v1/responses/\(id)/input_items?order=asc&limit=2").json
            #expect(page["data"]?.arrayValue?.compactMap { at($0, "content", 0, "text")?.stringValue } == ["one", "two"])
            #expect(page["has_more"] == true)
            let after = page["last_id"]?.stringValue ?? ""
            let rest = try await client.get("/v1/responses/\(id)/input_items?order=asc&after=\(after)").json
            #expect(rest["data"]?.arrayValue?.compactMap { at($0, "content", 0, "text")?.stringValue } == ["three"])
            let bad = try await client.get("/v1/responses/\(id)/input_items?limit=0")
            #expect(bad.status == .badRequest && at(bad.json, "error", "param") == "limit")

            let deleted = try await client.execute(uri: "/v1/responses/\(id)", method: .delete)
            #expect(deleted.status == .ok && deleted.json == ["id": .string(id), "object": "response", "deleted": true])
            let gone = try await client.get("/v1/responses/\(id)")
            #expect(gone.status == .notFound && at(gone.json, "error", "type") == "invalid_request_error")
            #expect(try await client.execute(uri: "/v1/responses/\(id)", method: .delete).status == .notFound)
            #expect(try await client.get("/v1/responses/\(id)/input_items").status == .notFound)

            let unstored = try await client.post("/v1/responses", ResponsesRouteTests.body(extra: #""store":false"#)).json
            #expect(unstored["store"] == false)
            let unstoredID = unstored["id"]?.stringValue ?? ""
            #expect(try await client.get("/v1/responses/\(unstoredID)").status == .notFound)
        }
    }

    @Test func previousResponseContinuesTheConversation() async throws {
        let call = ToolCall(id: "call_7", name: "lookup", arguments: #"{"q":"x"}"#)
        let service = FakeInferenceService { r in
            r.messages.last?.role == .tool ? .reply(content: ["Done."]) : .reply(content: [], reasoning: ["Hmm."], toolCalls: [call])
        }
        try await withApp(service) { client in
            let tools = #""tools":[{"type":"function","name":"lookup","parameters":{"type":"object"}}]"#
            let first = try await client.post("/v1/responses",
                ResponsesRouteTests.body(extra: #""instructions":"Be terse.","# + tools)).json
            let firstID = try #require(first["id"]?.stringValue)
            let output = #"[{"type":"function_call_output","call_id":"call_7","output":"42"}]"#
            let second = try await client.post("/v1/responses",
                ResponsesRouteTests.body(output, extra: #""previous_response_id":"\#(firstID)","# + tools)).json
            #expect(second["previous_response_id"] == .string(firstID))
            #expect(at(second, "output", 0, "content", 0, "text") == "Done.")
            // The stored input items of the continuation include the earlier turn.
            let items = try await client.get("/v1/responses/\(second["id"]?.stringValue ?? "")/input_items?order=asc").json
            #expect(items["data"]?.arrayValue?.compactMap { $0["type"]?.stringValue } ==
                ["message", "reasoning", "function_call", "function_call_output"])
        }
        let second = try #require(service.record.chatRequests.last)
        // The earlier input and output come first; instructions are not carried over.
        #expect(second.messages == [
            ChatMessage(role: .user, text: "Hi"),
            ChatMessage(role: .assistant, reasoning: "Hmm.", toolCalls: [call]),
            ChatMessage(role: .tool, content: [.text("42")], toolCallID: "call_7", name: "lookup"),
        ])
    }

    @Test(arguments: TestDatabase.allCases)
    func keysSeeOnlyTheirOwnResponsesAndTheLedgerHasTheRow(_ db: TestDatabase) async throws {
        try await withPlatformApp(db) { client, store, _ in
            let (aliceID, alice) = try await PlatformRouteTests.createKey(client, #"{"name":"alice","credits":1}"#)
            let (_, bob) = try await PlatformRouteTests.createKey(client, #"{"name":"bob"}"#)
            let created = try await client.post("/v1/responses", ResponsesRouteTests.body(), headers: Self.bearer(alice))
            #expect(created.status == .ok, "\(created.text)")
            let id = try #require(created.json["id"]?.stringValue)
            #expect(try await client.get("/v1/responses/\(id)", headers: Self.bearer(alice)).json == created.json)
            // Bob, and the static admin key (no key id), see nothing, and cannot delete or continue it.
            for other in [Self.bearer(bob), PlatformRouteTests.admin] {
                #expect(try await client.get("/v1/responses/\(id)", headers: other).status == .notFound)
                #expect(try await client.get("/v1/responses/\(id)/input_items", headers: other).status == .notFound)
                #expect(try await client.execute(uri: "/v1/responses/\(id)", method: .delete, headers: other).status == .notFound)
                let next = try await client.post("/v1/responses",
                    ResponsesRouteTests.body(extra: #""previous_response_id":"\#(id)""#), headers: other)
                #expect(next.status == .badRequest && at(next.json, "error", "code") == "previous_response_not_found")
            }
            let continued = try await client.post("/v1/responses",
                ResponsesRouteTests.body(extra: #""previous_response_id":"\#(id)""#), headers: Self.bearer(alice))
            #expect(continued.status == .ok)
            // Metered like every request: the ledger row has the response id, the route and the reported cost.
            let row = try #require(try await store.entry(id: id))
            #expect(row.route == "/v1/responses" && row.keyID == aliceID && row.status == "completed")
            #expect(row.costTicks == at(created.json, "usage", "cost_in_usd_ticks")?.intValue && row.costTicks > 0)
            let stored = try await (store as? any ResponseStore)?.response(id: id, keyID: aliceID)
            #expect(stored?.status == "completed" && stored?.model == "swiftlet-test")
            // The static key's responses live under no key id.
            let mine = try await client.post("/v1/responses", ResponsesRouteTests.body(), headers: PlatformRouteTests.admin)
            let mineID = mine.json["id"]?.stringValue ?? ""
            #expect(try await client.get("/v1/responses/\(mineID)", headers: PlatformRouteTests.admin).status == .ok)
            #expect(try await client.get("/v1/responses/\(mineID)", headers: Self.bearer(alice)).status == .notFound)
            #expect(try await store.entry(id: mineID)?.keyID == nil)
        }
    }
}
