import Foundation
import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct AuthAndDialectTests {
    static let keys = ["YOUR_API_KEY", "sk-other"]

    /// The ModelsLab quick-start, verbatim: key in the body, no auth header.
    @Test func modelsLabQuickStart() async throws {
        let service = FakeInferenceService()
        try await withApp(service, config: .test(keys: Self.keys)) { client in
            let body = #"{"model_id": "x-ai-grok-3-mini", "messages": [{"role": "user", "content": "Hello!"}], "max_tokens": 1000, "key": "YOUR_API_KEY"}"#
            let r = try await client.post("/api/v7/llm/chat/completions", body)
            #expect(r.status == .ok)
            #expect(r.json["model"] == "x-ai-grok-3-mini")
            #expect(at(r.json, "choices", 0, "message", "content") == "Hello!")
            let wrong = try await client.post("/api/v7/llm/chat/completions", body.replacingOccurrences(of: "YOUR_API_KEY", with: "nope"))
            #expect(wrong.status == .unauthorized && at(wrong.json, "error", "code") == "invalid_api_key")
            let none = try await client.post("/api/v7/llm/chat/completions", #"{"model_id": "x-ai-grok-3-mini", "messages": [{"role": "user", "content": "Hello!"}]}"#)
            #expect(none.status == .unauthorized)
            let m = try await client.post("/api/v7/llm/v1/messages", #"{"model":"x-ai-grok-3-mini","max_tokens":10,"messages":[{"role":"user","content":"Hi"}],"key":"YOUR_API_KEY"}"#)
            #expect(m.status == .ok && m.json["type"] == "message")
            let mBad = try await client.post("/api/v7/llm/v1/messages", #"{"model":"x-ai-grok-3-mini","max_tokens":10,"messages":[{"role":"user","content":"Hi"}]}"#)
            #expect(mBad.status == .unauthorized && at(mBad.json, "error", "type") == "authentication_error")
            let c = try await client.post("/api/v7/llm/v1/messages/count_tokens", #"{"model":"x-ai-grok-3-mini","messages":[{"role":"user","content":"Hi"}],"key":"sk-other"}"#)
            #expect(c.json == ["input_tokens": 10])
            let models = try await client.get("/api/v7/llm/v1/models", headers: [.authorization: "Bearer YOUR_API_KEY"])
            #expect(models.status == .ok && models.json["object"] == "list")
            let q = try await client.get("/api/v7/llm/v1/models?key=YOUR_API_KEY")
            #expect(q.status == .ok)
        }
        #expect(service.record.chatRequests.first?.maxTokens == 1000)
    }

    @Test func headerKeys() async throws {
        try await withApp(config: .test(keys: Self.keys)) { client in
            let missing = try await client.post("/v1/chat/completions", chatBody())
            #expect(missing.status == .unauthorized && at(missing.json, "error", "type") == "authentication_error")
            let wrong = try await client.post("/v1/chat/completions", chatBody(), headers: [.authorization: "Bearer sk-wrong"])
            #expect(wrong.status == .unauthorized)
            let bearer = try await client.post("/v1/chat/completions", chatBody(), headers: [.authorization: "Bearer sk-other"])
            #expect(bearer.status == .ok)
            let xkey = try await client.post("/v1/messages", messagesBody(), headers: [.init("x-api-key")!: "YOUR_API_KEY"])
            #expect(xkey.status == .ok)
            let anthropicMissing = try await client.post("/v1/messages", messagesBody())
            #expect(anthropicMissing.status == .unauthorized && at(anthropicMissing.json, "error", "type") == "authentication_error")
            // The body `key` only counts on the ModelsLab routes.
            let bodyKey = try await client.post("/v1/chat/completions", chatBody(extra: #""key":"YOUR_API_KEY""#))
            #expect(bodyKey.status == .unauthorized)
            do { let r = try await client.get("/health"); #expect(r.status == .ok) }
        }
    }

    @Test func openServerNeedsNoKey() async throws {
        try await withApp { client in
            do { let r = try await client.post("/v1/chat/completions", chatBody()); #expect(r.status == .ok) }
        }
    }
}
