import APICommon
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import InferenceTypes
import Logging
import NIOCore
import Server
import TestSupport

extension ServerConfiguration {
    /// Open server, default limits, keep-alive effectively off.
    static func test(keys: [String] = [], maxBodyBytes: Int = 32 * 1024 * 1024, keepAlive: Duration = .seconds(30)) -> ServerConfiguration {
        var c = ServerConfiguration()
        c.apiKeys = keys
        c.maxBodyBytes = maxBodyBytes
        c.keepAliveInterval = keepAlive
        c.port = 0
        return c
    }
}

/// Runs `body` against the application with in-process requests (no socket).
func withApp(
    _ service: FakeInferenceService = FakeInferenceService(), config: ServerConfiguration = .test(), _ setup: TestingSetup = .router,
    _ body: @Sendable (any TestClientProtocol) async throws -> Void
) async throws {
    var logger = Logger(label: "swiftlet-test")
    logger.logLevel = .error
    let app = buildApplication(service: service, configuration: config, logger: logger)
    try await app.test(setup, body)
}

extension TestClientProtocol {
    /// POSTs a JSON body (with `Content-Type: application/json` unless `headers` sets one).
    func post(_ uri: String, _ body: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        var h = headers
        if h[.contentType] == nil { h[.contentType] = "application/json" }
        return try await execute(uri: uri, method: .post, headers: h, body: ByteBuffer(string: body))
    }

    func get(_ uri: String, headers: HTTPFields = [:]) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: headers)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var json: JSONValue { (try? JSONValue.parse(text)) ?? .null }
    /// The SSE events of a streamed body.
    var events: [SSEEvent] {
        var p = SSEParser()
        return p.feed(text)
    }
    func header(_ name: String) -> String? { HTTPField.Name(name).flatMap { headers[$0] } }
}

/// Follows a path of keys and indexes.
func at(_ v: JSONValue?, _ path: Any...) -> JSONValue? {
    var cur = v
    for step in path {
        if let k = step as? String { cur = cur?[k] } else if let i = step as? Int, let a = cur?.arrayValue, i < a.count { cur = a[i] } else { return nil }
    }
    return cur
}

func parse(_ text: String) -> JSONValue { (try? JSONValue.parse(text)) ?? .null }

/// A chat body for `model` with one user message.
func chatBody(_ model: String = "swiftlet-test", stream: Bool = false, extra: String = "") -> String {
    #"{"model":"\#(model)","messages":[{"role":"user","content":"Hi"}],"stream":\#(stream)\#(extra.isEmpty ? "" : "," + extra)}"#
}

func messagesBody(_ model: String = "swiftlet-test", stream: Bool = false, extra: String = "") -> String {
    #"{"model":"\#(model)","max_tokens":100,"messages":[{"role":"user","content":"Hi"}],"stream":\#(stream)\#(extra.isEmpty ? "" : "," + extra)}"#
}
