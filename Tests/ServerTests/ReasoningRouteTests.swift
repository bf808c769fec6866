import APICommon
import AnthropicAPI
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// Thinking-block signatures (HMAC-SHA256 under the server secret) and the grok persona's always-on reasoning.
@Suite struct ReasoningRouteTests {
    static func service() -> FakeInferenceService {
        FakeInferenceService(tokenCount: 12) { _ in .reply(content: ["Four."], reasoning: ["2+2", " is 4"]) }
    }

    static func config(secret: String?) -> ServerConfiguration {
        var c = ServerConfiguration.test()
        c.thinkingSecret = secret
        return c
    }

    /// The body of a follow-up turn that sends `thinking`/`signature` back in the assistant message.
    static func followUp(thinking: String, signature: String?) -> String {
        let sig = signature.map { #","signature":"\#($0)""# } ?? ""
        return #"{"model":"grok-3-mini","max_tokens":100,"messages":[{"role":"user","content":"2+2?"},{"role":"assistant","content":[{"type":"thinking","thinking":"\#(thinking)"\#(sig)},{"type":"text","text":"Four."}]},{"role":"user","content":"And 3+3?"}]}"#
    }

    @Test func signaturesAreHMACsThatVerifyOnTheWayBack() async throws {
        try await withApp(Self.service(), config: Self.config(secret: "s3cret")) { client in
            let r = try await client.post("/v1/messages", messagesBody("grok-3-mini"))
            #expect(r.status == .ok)
            #expect(at(r.json, "content", 0, "thinking") == "2+2 is 4")
            let signature = try #require(at(r.json, "content", 0, "signature")?.stringValue)
            // HMAC-SHA256(key "s3cret", "swiftlet-test" + "\0" + "2+2 is 4": the served model's id, then the text),
            // computed with Python's hmac module.
            #expect(signature == "sig_41092dd8bfdc5894c356376cd614425e188c75a4e1c903654f6a5f43ecddd232")
            // The streamed signature_delta is the same value.
            let s = try await client.post("/v1/messages", messagesBody("grok-3-mini", stream: true))
            let sigDelta = s.events.compactMap { e -> String? in
                at(parse(e.data), "delta", "signature")?.stringValue
            }
            #expect(sigDelta == [signature])
            // Sent back unchanged: accepted.
            let ok = try await client.post("/v1/messages", Self.followUp(thinking: "2+2 is 4", signature: signature))
            #expect(ok.status == .ok)
            // Altered text, a forged signature, or none: 400 in Anthropic's shape, naming the block.
            for body in [
                Self.followUp(thinking: "2+2 is 5", signature: signature),
                Self.followUp(thinking: "2+2 is 4", signature: "sig_" + String(repeating: "0", count: 64)),
                Self.followUp(thinking: "2+2 is 4", signature: nil),
            ] {
                let bad = try await client.post("/v1/messages", body)
                #expect(bad.status == .badRequest)
                #expect(bad.json["type"] == "error")
                #expect(at(bad.json, "error", "type") == "invalid_request_error")
                #expect(at(bad.json, "error", "message")?.stringValue?.contains("messages[1].content[0].signature") == true)
            }
        }
    }

    @Test func anotherSecretRejectsTheSignature() async throws {
        // HMAC-SHA256(key "one", "2+2 is 4") is what a server with secret "one" signs; a server with "two" refuses it.
        let one = ThinkingSigner(secret: "one").signature(for: "2+2 is 4")
        #expect(!ThinkingSigner(secret: "two").isValid(one, for: "2+2 is 4"))
        let sig = one
        try await withApp(Self.service(), config: Self.config(secret: "two")) { client in
            let r = try await client.post("/v1/messages", Self.followUp(thinking: "2+2 is 4", signature: sig))
            #expect(r.status == .badRequest)
        }
    }

    @Test func grokAliasesAlwaysReasonUnlessTurnedOff() async throws {
        let service = Self.service()
        try await withApp(service) { client in
            _ = try await client.post("/v1/chat/completions", chatBody("grok-3-mini"))
            _ = try await client.post("/v1/chat/completions", chatBody("swiftlet-test"))
            _ = try await client.post("/v1/chat/completions", chatBody("grok-3-mini", extra: #""reasoning_effort":"none""#))
            _ = try await client.post("/v1/messages", messagesBody("grok-3-mini-beta"))
            _ = try await client.post("/v1/chat/completions", chatBody("swiftlet-test", extra: #""reasoning":{"effort":"high"}"#))
        }
        let seen = service.record.chatRequests.map(\.reasoning)
        #expect(seen.map(\.enabled) == [true, nil, false, true, nil])
        #expect(seen.last?.effort == .high)
        #expect(seen[3].budgetIncludedInMaxTokens)
    }
}
