import APICommon
import HTTPTypes
import HummingbirdTesting
import Inference
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct ModelsRouteTests {
    @Test func listIsTheSupersetShapeWithAliases() async throws {
        try await withApp { client in
            let b = try await client.get("/v1/models").json
            #expect(b["object"] == "list" && b["has_more"] == false)
            #expect(b["first_id"] == "swiftlet-test" && b["last_id"] == "swiftlet-test")
            let m = at(b, "data", 0)
            #expect(m?["id"] == "swiftlet-test" && m?["object"] == "model" && m?["type"] == "model")
            #expect(m?["created"] == 1_743_724_800 && m?["created_at"] == "2025-04-04T00:00:00Z")
            #expect(m?["display_name"] == "Swiftlet Test" && m?["owned_by"] == "swiftlet")
            let aliases = Set(m?["aliases"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(aliases == ["test-alias", "grok-3-mini", "grok-3-mini-beta", "grok-3-mini-latest", "x-ai/grok-3-mini-beta", "x-ai-grok-3-mini"])
        }
    }

    @Test func singleModelByIdOrAlias() async throws {
        try await withApp { client in
            let one = try await client.get("/v1/models/swiftlet-test")
            #expect(one.status == .ok && one.json["id"] == "swiftlet-test")
            let alias = try await client.get("/v1/models/x-ai/grok-3-mini-beta")
            #expect(alias.status == .ok && alias.json["id"] == "x-ai/grok-3-mini-beta" && alias.json["root"] == "swiftlet-test")
            let missing = try await client.get("/v1/models/gpt-9")
            #expect(missing.status == .notFound && at(missing.json, "error", "code") == "model_not_found")
        }
    }

    @Test func configuredAliases() async throws {
        var config = ServerConfiguration.test()
        for (name, target) in [("claude-sonnet-4-5", "grok-3-mini"), ("grok-3-mini", "test-alias"), ("loop-a", "loop-b"), ("loop-b", "loop-a")] {
            config.aliases.set(name, to: target)
        }
        let service = FakeInferenceService()
        try await withApp(service, config: config) { client in
            let r = try await client.post("/v1/messages", messagesBody("claude-sonnet-4-5"))
            #expect(r.status == .ok && r.json["model"] == "claude-sonnet-4-5")
            do { let r = try await client.post("/v1/messages", messagesBody("loop-a")); #expect(r.status == .notFound) }
        }
        #expect(service.record.chatRequests.first?.model == "swiftlet-test")
    }
}
