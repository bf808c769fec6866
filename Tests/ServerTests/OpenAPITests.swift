import Foundation
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// `/openapi.json` describes exactly the routes the server has, and each documented answer matches what it sends.
@Suite struct OpenAPITests {
    @Test func documentListsEveryRouteAndNeedsNoKey() async throws {
        try await withApp(FakeInferenceService(), config: .test(keys: ["sk-test"])) { client in
            let r = try await client.get("/openapi.json", headers: [HTTPField.Name("x-forwarded-proto")!: "https"])
            #expect(r.status == .ok)
            let doc = r.json
            #expect(doc["openapi"]?.stringValue == "3.1.0")
            #expect(at(doc, "servers", 0, "url")?.stringValue?.hasPrefix("https://") == true)
            let paths = try #require(doc["paths"]?.objectValue)
            let documented = Set(paths.flatMap { path, ops in (ops.objectValue ?? []).map { "\($0.key.uppercased()) \(path)" } })
            // Every route the router answers (and nothing else): the table the router was built from.
            let expected: Set<String> = [
                "GET /health", "GET /ready", "GET /metrics", "GET /openapi.json", "GET /v1/models", "GET /v1/models/{model}",
                "POST /v1/chat/completions", "POST /v1/chat/completions/input_tokens", "POST /v1/completions",
                "POST /v1/tokenize-text", "POST /v1/messages", "POST /v1/messages/count_tokens", "POST /v1/responses",
                "GET /v1/responses/{id}", "DELETE /v1/responses/{id}", "GET /v1/responses/{id}/input_items",
                "POST /api/v7/llm/chat/completions", "POST /api/v7/llm/v1/chat/completions", "POST /api/v7/llm/v1/messages",
                "POST /api/v7/llm/v1/messages/count_tokens", "GET /api/v7/llm/v1/models", "GET /api/v7/llm/v1/models/{model}",
                "GET /v1/me", "GET /v1/me/usage", "GET /admin/keys", "POST /admin/keys", "GET /admin/keys/{id}",
                "POST /admin/keys/{id}/revoke", "POST /admin/keys/{id}/top-up", "GET /admin/usage",
                "GET /", "GET /playground", "GET /models", "GET /models/{model}", "GET /llms.txt", "GET /usage",
                "GET /assets/{file}",
            ]
            #expect(documented == expected, "missing: \(expected.subtracting(documented)), extra: \(documented.subtracting(expected))")
            for (path, ops) in paths {
                for (method, op) in ops.objectValue ?? [] { #expect(op["x-undocumented"] == nil, "\(method) \(path) has no spec") }
            }
            // Every $ref points at a schema that exists.
            let schemas = Set((at(doc, "components", "schemas")?.objectValue ?? []).map(\.key))
            for ref in refs(in: doc) {
                #expect(schemas.contains(String(ref.dropFirst("#/components/schemas/".count))), "dangling \(ref)")
            }
            // Each documented route exists: a request to it never gets the router's 404 for unknown paths.
            for entry in documented where entry.hasPrefix("GET ") && !entry.contains("{") {
                let path = String(entry.dropFirst(4))
                let answer = try await client.get(path, headers: [.authorization: "Bearer sk-test"])
                #expect(answer.json["error"]?["code"]?.stringValue != "unknown_url", "\(path)")
            }
        }
    }

    /// Answers conform to the document's schemas (the required members of success and error bodies).
    @Test func answersMatchTheirSchemas() async throws {
        try await withApp(FakeInferenceService(), config: .test(keys: ["sk-test"])) { client in
            let doc = try await client.get("/openapi.json").json
            let schemas = at(doc, "components", "schemas")
            func required(_ name: String) -> [String] { (at(schemas, name, "required")?.arrayValue ?? []).compactMap(\.stringValue) }
            let auth: HTTPFields = [.authorization: "Bearer sk-test"]
            let chat = try await client.post("/v1/chat/completions", chatBody(), headers: auth).json
            for key in required("ChatCompletion") { #expect(chat[key] != nil, "chat completion lacks \(key)") }
            let message = try await client.post("/v1/messages", messagesBody(), headers: auth).json
            for key in required("AnthropicMessage") { #expect(message[key] != nil, "message lacks \(key)") }
            let models = try await client.get("/v1/models", headers: auth).json
            for key in required("ModelList") { #expect(models[key] != nil) }
            let openAIError = try await client.post("/v1/chat/completions", #"{"messages":[]}"#, headers: auth).json
            for key in required("OpenAIError") { #expect(openAIError[key] != nil) }
            let anthropicError = try await client.post("/v1/messages", #"{"model":"x"}"#, headers: auth).json
            for key in required("AnthropicError") { #expect(anthropicError[key] != nil) }
        }
    }

    private func refs(in value: JSONValue) -> [String] {
        switch value {
        case .object(let members):
            return members.flatMap { key, v in key == "$ref" ? [v.stringValue ?? ""] : refs(in: v) }
        case .array(let items): return items.flatMap(refs(in:))
        default: return []
        }
    }
}
