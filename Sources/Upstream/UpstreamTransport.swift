/// One HTTP request to an upstream: always a `POST` of a JSON body.
public struct UpstreamHTTPRequest: Sendable {
    /// The full URL.
    public var url: String
    /// Headers besides `content-type: application/json`.
    public var headers: [(String, String)]
    /// The JSON body.
    public var body: [UInt8]

    /// A request with every field given.
    public init(url: String, headers: [(String, String)], body: [UInt8]) {
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// The body of an upstream's response, read chunk by chunk as it arrives.
public protocol UpstreamBody {
    /// The next chunk of bytes, or nil at the end.
    mutating func next() async throws -> [UInt8]?
}

/// An upstream's response: its head, and its body still to be read.
public struct UpstreamHTTPResponse {
    /// The HTTP status.
    public var status: Int
    /// The `content-type` header.
    public var contentType: String?
    /// The `retry-after` header in seconds, when it is one.
    public var retryAfter: Int?
    /// The body, to be read to the end or dropped (dropping it closes the connection's request).
    public var body: any UpstreamBody

    /// A response with every field given.
    public init(status: Int, contentType: String?, retryAfter: Int?, body: any UpstreamBody) {
        self.status = status
        self.contentType = contentType
        self.retryAfter = retryAfter
        self.body = body
    }
}

/// What sends requests to upstreams: the shared async-http-client pool in a server (`HTTPClientTransport`), a
/// scripted fake in tests.
///
/// - Important: cancelling the task that called ``send(_:)`` or reads the body must abort the request (the client
///   went away: the upstream must stop generating).
public protocol UpstreamTransport: Sendable {
    /// Sends `request` and returns once the response head arrived.
    func send(_ request: UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse
}
