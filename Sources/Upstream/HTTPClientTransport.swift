import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Upstream requests over one shared async-http-client `HTTPClient`: one connection pool for every upstream, HTTP/1.1
/// keep-alive (or HTTP/2 where the server offers it over TLS), no redirects, no connection retries (failover
/// does that), bodies streamed as they arrive.
///
/// - Important: call ``shutdown()`` before the process ends (the client's pool must be closed).
public final class HTTPClientTransport: UpstreamTransport {
    private let client: HTTPClient

    /// A pool whose connections take at most `connectTimeout` to open, with up to `connectionsPerHost` open
    /// HTTP/1.1 connections per upstream host (more requests wait for one).
    public init(connectTimeout: Duration, connectionsPerHost: Int = 512) {
        var configuration = HTTPClient.Configuration()
        let ms = connectTimeout.components.seconds * 1000 + connectTimeout.components.attoseconds / 1_000_000_000_000_000
        configuration.timeout = HTTPClient.Configuration.Timeout(connect: .milliseconds(max(1, ms)), read: nil)
        configuration.connectionPool = HTTPClient.Configuration.ConnectionPool(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: connectionsPerHost)
        // A refused connection fails the request at once: failover to the next URL is the caller's job, and
        // retrying the same host until the connect timeout would only delay it.
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.redirectConfiguration = .disallow
        configuration.decompression = .disabled
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func send(_ request: UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse {
        var r = HTTPClientRequest(url: request.url)
        r.method = .POST
        r.headers.add(name: "content-type", value: "application/json")
        for (name, value) in request.headers { r.headers.add(name: name, value: value) }
        r.body = .bytes(ByteBuffer(bytes: request.body))
        // No deadline here: the caller's own timers (first byte, idle) cancel the request.
        let response = try await client.execute(r, deadline: .distantFuture)
        return UpstreamHTTPResponse(
            status: Int(response.status.code), contentType: response.headers.first(name: "content-type"),
            retryAfter: response.headers.first(name: "retry-after").flatMap { Int($0) },
            body: Body(iterator: response.body.makeAsyncIterator()))
    }

    /// Closes the pool's connections.
    public func shutdown() async throws {
        try await client.shutdown()
    }

    private struct Body: UpstreamBody {
        var iterator: HTTPClientResponse.Body.AsyncIterator

        mutating func next() async throws -> [UInt8]? {
            guard let buffer = try await iterator.next() else { return nil }
            return Array(buffer.readableBytesView)
        }
    }
}
