import Foundation
import APICommon
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import Storage
import TestSupport
import Testing

/// Keys, prices, credits, rate limits and the ledger through the HTTP routes, on SQLite and on PostgreSQL.
@Suite struct PlatformRouteTests {
    static let admin: HTTPFields = [.authorization: "Bearer sk-admin"]

    static func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    /// Creates a key through the admin API and returns (id, secret).
    static func createKey(_ client: any TestClientProtocol, _ body: String) async throws -> (String, String) {
        let r = try await client.post("/admin/keys", body, headers: admin)
        #expect(r.status == .created, "\(r.text)")
        return (r.json["id"]?.stringValue ?? "", r.json["secret"]?.stringValue ?? "")
    }

    @Test(arguments: TestDatabase.allCases)
    func keyLifecycleOverTheAdminAPI(_ db: TestDatabase) async throws {
        try await withPlatformApp(db) { client, store, file in
            let (id, secret) = try await Self.createKey(client, #"{"name":"alice","credits":1}"#)
            #expect(secret.hasPrefix("sk-swl-") && secret.count >= 7 + 43)
            let r = try await client.post("/v1/chat/completions", chatBody(), headers: Self.bearer(secret))
            #expect(r.status == .ok)
            let responseID = r.json["id"]?.stringValue ?? ""
            let cost = at(r.json, "usage", "cost_in_usd_ticks")?.intValue ?? -1
            // 10 prompt tokens at $0.30/M and 2 output tokens at $0.50/M: 10·3000 + 2·5000 ticks.
            #expect(cost == 40_000)
            let row = try await store.entry(id: responseID)
            #expect(row?.costTicks == cost && row?.keyID == id && row?.status == "completed" && row?.finishReason == "stop")
            let me = try await client.get("/v1/me", headers: Self.bearer(secret))
            #expect(me.json["id"]?.stringValue == id)
            #expect(me.json["credit_ticks"]?.intValue == Int64(9_999_960_000))
            #expect(at(me.json, "usage", "requests")?.intValue == 1)
            let mine = try await client.get("/v1/me/usage", headers: Self.bearer(secret))
            #expect(at(mine.json, "data", 0, "id")?.stringValue == responseID)
            // A non-admin key cannot use the admin API.
            let denied = try await client.get("/admin/keys", headers: Self.bearer(secret))
            #expect(denied.status == .forbidden)
            let revoked = try await client.post("/admin/keys/\(id)/revoke", "{}", headers: Self.admin)
            #expect(revoked.status == .ok && revoked.json["status"]?.stringValue == "revoked")
            let after = try await client.post("/v1/chat/completions", chatBody(), headers: Self.bearer(secret))
            #expect(after.status == .unauthorized && at(after.json, "error", "code")?.stringValue == "invalid_api_key")
            #expect(at(after.json, "error", "message")?.stringValue?.contains("revoked") == true)
            let anthropic = try await client.post("/v1/messages", messagesBody(), headers: [.init("x-api-key")!: secret])
            #expect(anthropic.status == .unauthorized && at(anthropic.json, "error", "type")?.stringValue == "authentication_error")
            // The secret is never stored, never echoed.
            #expect(!after.text.contains(secret) && !anthropic.text.contains(secret))
            let list = try await client.get("/admin/keys", headers: Self.admin)
            #expect(!list.text.contains(secret))
            if let file {
                for path in [file, file + "-wal"] where FileManager.default.fileExists(atPath: path) {
                    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                    #expect(bytes.range(of: Data(secret.utf8)) == nil, "the secret is in \(path)")
                }
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func scopedKeysSeeOnlyTheirModels(_ db: TestDatabase) async throws {
        try await withPlatformApp(db) { client, _, _ in
            let (_, secret) = try await Self.createKey(client, #"{"name":"scoped","models":["test-alias"]}"#)
            let ok = try await client.post("/v1/chat/completions", chatBody("test-alias"), headers: Self.bearer(secret))
            #expect(ok.status == .ok)
            let (_, other) = try await Self.createKey(client, #"{"name":"elsewhere","models":["some-other-model"]}"#)
            let openAI = try await client.post("/v1/chat/completions", chatBody(), headers: Self.bearer(other))
            #expect(openAI.status == .notFound && at(openAI.json, "error", "code")?.stringValue == "model_not_found")
            let anthropic = try await client.post("/v1/messages", messagesBody(), headers: Self.bearer(other))
            #expect(anthropic.status == .forbidden && at(anthropic.json, "error", "type")?.stringValue == "permission_error")
            let models = try await client.get("/v1/models", headers: Self.bearer(other))
            #expect(models.json["data"]?.arrayValue?.isEmpty == true)
        }
    }

    /// 20 concurrent requests on a key with credit for 5 worst cases: never overdrawn, and the ledger adds up to
    /// exactly what the balance lost.
    @Test(arguments: TestDatabase.allCases)
    func creditsAreReservedNotOverdrawn(_ db: TestDatabase) async throws {
        // 4 output tokens at most and 4 generated: actual cost = worst case = 10·3000 + 4·5000 = 50,000 ticks.
        let service = FakeInferenceService { _ in
            var s = FakeInferenceService.Script.reply(content: ["a", "b", "c", "d"])
            s.delayBetween = .milliseconds(20)
            return s
        }
        try await withPlatformApp(db, service: service) { client, store, _ in
            let (id, secret) = try await Self.createKey(client, #"{"name":"five","credits":0.000025}"#)
            let initial = try await store.key(id: id)?.creditTicks
            #expect(initial == 250_000)
            let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
                for i in 0..<20 {
                    group.addTask {
                        let r = i.isMultiple(of: 2)
                            ? try await client.post("/v1/chat/completions", chatBody(extra: #""max_tokens":4"#), headers: Self.bearer(secret))
                            : try await client.post("/v1/messages", messagesBody(extra: "").replacingOccurrences(of: "100", with: "4"),
                                headers: Self.bearer(secret))
                        return (Int(r.status.code), r.text)
                    }
                }
                var out: [(Int, String)] = []
                for try await s in group { out.append(s) }
                return out
            }
            let ok = statuses.filter { $0.0 == 200 }.count
            #expect(ok == 5, "\(statuses.map(\.0))")
            for (status, body) in statuses where status != 200 {
                let quota = status == 429 && body.contains("insufficient_quota")
                let anthropicCredit = status == 400 && body.contains("credit balance is too low")
                #expect(quota || anthropicCredit, "\(status) \(body)")
            }
            let final = try await store.key(id: id)?.creditTicks ?? -1
            #expect(final >= 0)
            let spent = try await store.usageTotals(keyID: id, since: nil).costTicks
            #expect(spent == 250_000 - final)
            #expect(try await store.availableCredit(keyID: id, now: UnixTime.milliseconds()) == final)
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func rateLimitsAnswer429WithHeaders(_ db: TestDatabase) async throws {
        let clock = TestClock()
        try await withPlatformApp(db, clock: clock) { client, _, _ in
            // RPM 6 refills one request every 10 s; the clock stands still until the test honours retry-after.
            let (_, secret) = try await Self.createKey(client, #"{"name":"limited","rpm":6}"#)
            var last: TestResponse?
            for _ in 0..<6 {
                let r = try await client.post("/v1/chat/completions", chatBody(), headers: Self.bearer(secret))
                #expect(r.status == .ok)
                last = r
            }
            #expect(last?.header("x-ratelimit-limit-requests") == "6")
            #expect(last.flatMap { $0.header("x-ratelimit-remaining-requests") }.flatMap { Int($0) } ?? 99 <= 1)
            #expect(last?.header("x-ratelimit-reset-requests")?.hasSuffix("s") == true)
            let refused = try await client.post("/v1/chat/completions", chatBody(), headers: Self.bearer(secret))
            #expect(refused.status == .tooManyRequests)
            #expect(at(refused.json, "error", "code")?.stringValue == "rate_limit_exceeded")
            #expect(at(refused.json, "error", "type")?.stringValue == "requests")
            let retry = Int(refused.header("retry-after") ?? "") ?? 0
            #expect(retry == 10)
            #expect(refused.header("x-ratelimit-remaining-requests") == "0")
            let anthropic = try await client.post("/v1/messages", messagesBody(), headers: Self.bearer(secret))
            #expect(anthropic.status == .tooManyRequests && at(anthropic.json, "error", "type")?.stringValue == "rate_limit_error")
            #expect(anthropic.header("anthropic-ratelimit-requests-limit") == "6")
            #expect(anthropic.header("anthropic-ratelimit-requests-reset")?.hasSuffix("Z") == true)
            clock.advance(milliseconds: Int64(retry) * 1000)
            let again = try await client.post("/v1/messages", messagesBody(), headers: Self.bearer(secret))
            #expect(again.status == .ok)
            #expect(again.header("anthropic-ratelimit-requests-remaining") == "0")
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func tokensPerMinuteCountPromptAndMaxOutput(_ db: TestDatabase) async throws {
        try await withPlatformApp(db) { client, _, _ in
            let (_, secret) = try await Self.createKey(client, #"{"name":"tpm","tpm":100}"#)
            // 10 prompt + 200 max output > 100: too large whatever the bucket holds.
            let big = try await client.post("/v1/chat/completions", chatBody(extra: #""max_tokens":200"#), headers: Self.bearer(secret))
            #expect(big.status == .tooManyRequests && at(big.json, "error", "type")?.stringValue == "tokens")
            // 10 + 40 admitted; 12 used, so 38 come back: the next two fit.
            for _ in 0..<3 {
                let r = try await client.post("/v1/chat/completions", chatBody(extra: #""max_tokens":40"#), headers: Self.bearer(secret))
                #expect(r.status == .ok, "\(r.text)")
                #expect(r.header("x-ratelimit-limit-tokens") == "100")
            }
        }
    }

    @Test(arguments: TestDatabase.allCases)
    func anthropicUsageCarriesTheLedgersCost(_ db: TestDatabase) async throws {
        try await withPlatformApp(db) { client, store, _ in
            let (_, secret) = try await Self.createKey(client, #"{"name":"claude"}"#)
            let r = try await client.post("/v1/messages", messagesBody(), headers: [.init("x-api-key")!: secret])
            let id = r.json["id"]?.stringValue ?? ""
            #expect(id.hasPrefix("msg_"))
            let row = try await store.entry(id: id)
            #expect(row != nil && at(r.json, "usage", "cost_in_usd_ticks")?.intValue == row?.costTicks)
            let s = try await client.post("/v1/messages", messagesBody(stream: true), headers: [.init("x-api-key")!: secret])
            let delta = s.events.first { $0.name == "message_delta" }.map { parse($0.data) }
            let start = s.events.first { $0.name == "message_start" }.map { parse($0.data) }
            let sid = at(start, "message", "id")?.stringValue ?? ""
            #expect(at(delta, "usage", "cost_in_usd_ticks")?.intValue == (try await store.entry(id: sid))?.costTicks)
            // Static keys are unmetered but still in the ledger, with no key id.
            let op = try await client.post("/v1/chat/completions", chatBody(stream: true, extra: #""stream_options":{"include_usage":true}"#),
                headers: Self.admin)
            #expect(op.status == .ok)
            let total = try await store.usageTotals(keyID: nil, since: nil)
            #expect(total.requests == 3)
        }
    }
}
