import Foundation
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Logging
import Server
import Storage
import Synchronization
import TestSupport
import Testing

/// `/metrics`, `/ready` and the one log line per request.
@Suite struct ObservabilityTests {
    /// Keeps every log line (message and metadata, rendered as text) for the test to read.
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    struct CapturingHandler: LogHandler {
        let sink: Lines
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            let text = "\(event.message) " + merged.keys.sorted().map { "\($0)=\(merged[$0]!)" }.joined(separator: " ")
            sink.lines.withLock { $0.append(text) }
        }
    }

    static func metric(_ text: String, _ line: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(line + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
    }

    @Test(arguments: [TestDatabase.sqlite])
    func metricsMoveAndLogLinesSayWhatHappened(_ db: TestDatabase) async throws {
        let sink = Lines()
        let (store, _, cleanup) = try await db.makeStore()
        var logger = Logger(label: "test") { _ in CapturingHandler(sink: sink) }
        logger.logLevel = .info
        let app = buildApplication(service: FakeInferenceService(), configuration: .test(keys: ["sk-admin"]),
            platform: Platform(store: store, instance: "test"), logger: logger)
        let secretBox = Mutex("")
        try await app.test(.router) { client in
            let created = try await client.post("/admin/keys", #"{"name":"observed"}"#, headers: [.authorization: "Bearer sk-admin"])
            let secret = created.json["secret"]?.stringValue ?? ""
            secretBox.withLock { $0 = secret }
            let keyID = created.json["id"]?.stringValue ?? ""
            for _ in 0..<2 {
                let r = try await client.post("/v1/chat/completions", chatBody(stream: true), headers: [.authorization: "Bearer \(secret)"])
                #expect(r.status == .ok)
            }
            _ = try await client.post("/v1/chat/completions", chatBody(extra: #""response_format":{"type":"json_object"}"#),
                headers: [.authorization: "Bearer \(secret)"])
            let bad = try await client.post("/v1/chat/completions", chatBody(), headers: [.authorization: "Bearer sk-wrong"])
            #expect(bad.status == .unauthorized)
            let m = try await client.get("/metrics")
            #expect(m.status == .ok && m.header("content-type")?.hasPrefix("text/plain") == true)
            let text = m.text
            #expect(Self.metric(text, #"swiftlet_http_requests_total{route="/v1/chat/completions",status="200",model="swiftlet-test"}"#) == 3)
            #expect(Self.metric(text, #"swiftlet_prompt_tokens_total{model="swiftlet-test"}"#) == 30)
            #expect(Self.metric(text, #"swiftlet_completion_tokens_total{model="swiftlet-test"}"#) == 6)
            #expect(Self.metric(text, #"swiftlet_rejected_requests_total{reason="auth"}"#) == 1)
            #expect(Self.metric(text, #"swiftlet_constrained_requests_total{model="swiftlet-test"}"#) == 1)
            #expect(text.contains("swiftlet_http_request_duration_seconds_bucket{route=\"/v1/chat/completions\""))
            #expect(text.contains("swiftlet_time_to_first_token_seconds_count{model=\"swiftlet-test\"} 3"))
            let ready = try await client.get("/ready")
            #expect(ready.status == .ok && ready.json["database"]?.stringValue == "ok")
            let lines = sink.all.filter { $0.hasPrefix("request ") && $0.contains("route=/v1/chat/completions") }
            #expect(lines.count == 4)
            let ok = try #require(lines.first { $0.contains("status=200") })
            for field in ["key=\(keyID)", "model=swiftlet-test", "prompt_tokens=10", "completion_tokens=2", "finish_reason=stop",
                "outcome=completed", "ttft_ms=", "duration_ms=", "request_id=req_"] {
                #expect(ok.contains(field), "\(field) in \(ok)")
            }
            #expect(lines.contains { $0.contains("status=401") && $0.contains("rejected=auth") })
        }
        let secret = secretBox.withLock { $0 }
        #expect(!secret.isEmpty && !sink.all.contains { $0.contains(secret) }, "the secret is never logged")
        await cleanup()
        await store.close()
    }

    @Test func metricsKeyProtectsTheScrapeWhenSet() async throws {
        var config = ServerConfiguration.test()
        config.metricsKey = "scrape-me"
        try await withApp(config: config) { client in
            let open = try await client.get("/metrics")
            #expect(open.status == .unauthorized)
            let keyed = try await client.get("/metrics", headers: [.authorization: "Bearer scrape-me"])
            #expect(keyed.status == .ok)
            let ready = try await client.get("/ready")
            #expect(ready.status == .ok)
        }
    }
}
