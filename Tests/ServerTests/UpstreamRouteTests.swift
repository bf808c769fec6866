import APICommon
import HTTPTypes
import HummingbirdTesting
import Inference
import InferenceTypes
import Logging
import Server
import Testing
import Upstream

/// Upstream models through the real routes: a request no upstream answers is an HTTP error in the caller's shape
/// (the response waits for the first item), a failure after the first byte is the stream's error event.
@Suite struct UpstreamRouteTests {
    /// Replies with a fixed OpenAI-style stream that breaks after `breakAfter` frames, or refuses every connection.
    struct Transport: UpstreamTransport {
        var refuse = false
        var breakAfter: Int?

        struct Refused: Error {}

        struct Body: UpstreamBody {
            var frames: [String]
            var breakAfter: Int?
            var sent = 0
            mutating func next() async throws -> [UInt8]? {
                if let breakAfter, sent >= breakAfter { throw Refused() }
                guard sent < frames.count else { return nil }
                defer { sent += 1 }
                return Array(frames[sent].utf8)
            }
        }

        func send(_ request: UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse {
            if refuse { throw Refused() }
            let c = #"data: {"choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":null}]}"#
            let frames = [c + "\n\n", c + "\n\n", #"data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}"# + "\n\n", "data: [DONE]\n\n"]
            return UpstreamHTTPResponse(status: 200, contentType: "text/event-stream", retryAfter: nil,
                body: Body(frames: frames, breakAfter: breakAfter))
        }
    }

    static func withUpstream(_ transport: Transport, _ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        var upstreams = UpstreamConfiguration()
        try upstreams.addUpstream("up=http://127.0.0.1:9/v1")
        try upstreams.addUpstream("up=http://127.0.0.1:10/v1")
        var logger = Logger(label: "swiftlet-test")
        logger.logLevel = .critical
        let service = UpstreamInferenceService(configuration: upstreams, transport: transport, logger: logger, created: 0)
        let app = buildApplication(service: service, configuration: .test(), logger: logger)
        try await app.test(.router, body)
    }

    @Test func noUpstreamAnswerIs502InEachShape() async throws {
        try await Self.withUpstream(Transport(refuse: true)) { client in
            let o = try await client.post("/v1/chat/completions", chatBody("up", stream: true))
            #expect(o.status.code == 502)
            #expect(at(o.json, "error", "code") == "upstream_error")
            #expect(at(o.json, "error", "type") == "server_error")
            let a = try await client.post("/v1/messages", messagesBody("up", stream: true))
            #expect(a.status.code == 502)
            #expect(a.json["type"] == "error")
            #expect(at(a.json, "error", "type") == "api_error")
            #expect(at(a.json, "error", "message") == "The upstream of model `up` could not be reached.")
        }
    }

    @Test func upstreamAnswersGoThroughBothFrontEnds() async throws {
        try await Self.withUpstream(Transport()) { client in
            let o = try await client.post("/v1/chat/completions", chatBody("up"))
            #expect(o.status == .ok)
            #expect(at(o.json, "choices", 0, "message", "content") == "HiHi")
            let a = try await client.post("/v1/messages", messagesBody("up", stream: true))
            #expect(a.status == .ok)
            #expect(a.events.map(\.name).contains("message_stop"))
            let list = try await client.get("/v1/models")
            #expect(at(list.json, "data", 0, "id") == "up")
            #expect(at(list.json, "data", 0, "owned_by") == "upstream")
        }
    }

    @Test func aFailureAfterTheFirstByteIsTheStreamsErrorEvent() async throws {
        try await Self.withUpstream(Transport(breakAfter: 1)) { client in
            let o = try await client.post("/v1/chat/completions", chatBody("up", stream: true))
            #expect(o.status == .ok)
            let last = o.events.last.flatMap { try? JSONValue.parse($0.data) }
            #expect(at(last, "error", "code") == "upstream_error")
            let a = try await client.post("/v1/messages", messagesBody("up", stream: true))
            #expect(a.status == .ok)
            #expect(a.events.last?.name == "error")
        }
    }
}
