import Foundation
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// The connection-level limits on a real socket: the request read deadline, the connection cap, the idle timeout.
@Suite(.serialized) struct ConnectionLimitTests {
    func config(read: Duration = .seconds(60), idle: Duration = .seconds(300), maxConnections: Int = 1024) -> ServerConfiguration {
        var c = ServerConfiguration.test()
        c.requestReadTimeout = read
        c.idleTimeout = idle
        c.maxConnections = maxConnections
        return c
    }

    /// A client that trickles its request head one byte every 200 ms is dropped at the deadline, not served.
    @Test func slowClientIsDroppedAtTheReadDeadline() async throws {
        try await withApp(FakeInferenceService(), config: config(read: .seconds(1)), .live) { client in
            let port = try #require(client.port)
            // Both instants are read on threads of their own (the connect's, and one blocked in recv from the start):
            // read in the test's task, they were late by seconds while other suites kept the cooperative pool busy.
            let c = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10, watchingClose: true)
            defer { c.close() }
            let watch = try #require(c.closeWatch)
            let trickle = Task {
                for byte in "POST /v1/chat/completions HTTP/1.1\r\nHost: localhost\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" {
                    try await Task.sleep(for: .milliseconds(200))
                    try await c.send(String(byte))
                }
            }
            defer { trickle.cancel() }
            guard case .closed(let at) = await watch.result() else {
                Issue.record("the slow client was not dropped: \(await watch.result())")
                return
            }
            let waited = at - c.connectedAt
            #expect(waited >= .milliseconds(900) && waited < .seconds(5), "closed after \(waited)")
        }
    }

    /// A connection that sends nothing at all is closed at the deadline too.
    @Test func silentConnectionIsClosed() async throws {
        try await withApp(FakeInferenceService(), config: config(read: .milliseconds(500)), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10, watchingClose: true)
            defer { c.close() }
            let watch = try #require(c.closeWatch)
            guard case .closed(let at) = await watch.result() else {
                Issue.record("the silent connection was not closed: \(await watch.result())")
                return
            }
            #expect(at - c.connectedAt < .seconds(5))
        }
    }

    /// The deadline covers reading the request only: a streamed answer longer than it goes to the end, and the
    /// kept-alive connection then serves a second request.
    @Test func longStreamOutlivesTheReadDeadline() async throws {
        let service = FakeInferenceService { _ in
            var s = FakeInferenceService.Script.reply(content: Array(repeating: "tok ", count: 25))
            s.delayBetween = .milliseconds(60)
            return s
        }
        try await withApp(service, config: config(read: .milliseconds(500)), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            defer { c.close() }
            try await c.post("/v1/chat/completions", json: chatBody(stream: true), headers: ["Connection": "close"])
            let bytes = try await c.receiveAll()
            #expect(String(decoding: RawHTTPResponse(bytes).body, as: UTF8.self).hasSuffix("data: [DONE]\n\n"))
            #expect(service.record.completedStreams == 1)
        }
    }

    /// Over `maxConnections`, a new connection is closed as soon as it opens; once one goes, the next is served.
    @Test func connectionCapClosesTheExtraConnection() async throws {
        try await withApp(FakeInferenceService(), config: config(maxConnections: 2), .live) { client in
            let port = try #require(client.port)
            let a = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            let b = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            defer { b.close() }
            try await Task.sleep(for: .milliseconds(200))
            let extra = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            defer { extra.close() }
            #expect(try await extra.receiveOrClosed() == nil)
            a.close()
            try await Task.sleep(for: .milliseconds(300))
            let next = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            defer { next.close() }
            try await next.send("GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            #expect(RawHTTPResponse(try await next.receiveAll()).statusLine.hasPrefix("HTTP/1.1 200"))
        }
    }

    /// A kept-alive connection with nothing to do is closed after the idle timeout.
    @Test func idleConnectionIsClosed() async throws {
        try await withApp(FakeInferenceService(), config: config(idle: .milliseconds(500)), .live) { client in
            let port = try #require(client.port)
            let c = try await RawHTTPConnection.open(port: port, timeoutSeconds: 10)
            defer { c.close() }
            let started = ContinuousClock.now
            try await c.send("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n")
            // The answer (in however many reads), then the close; without the idle timeout the read would time out.
            var bytes: [UInt8] = []
            while let chunk = try await c.receiveOrClosed() { bytes += chunk }
            #expect(RawHTTPResponse(bytes).statusLine.hasPrefix("HTTP/1.1 200"))
            #expect(ContinuousClock.now - started < .seconds(5))
        }
    }
}

extension RawHTTPConnection {
    /// The next bytes, or nil once the server has closed the connection (a reset counts as closed).
    func receiveOrClosed() async throws -> [UInt8]? {
        do { return try await receive() } catch let failure as Failure where failure.description.contains("errno 104") {
            return nil
        }
    }
}
