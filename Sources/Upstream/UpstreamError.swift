/// A request Swiftlet could not get answered by a model's upstream: the answer is 502, 503 or 504 in the caller's
/// error shape (the server renders it; a failure after the first byte goes out as the stream's error event).
///
/// Messages name the model, never the upstream's address or key; the log has the details.
public struct UpstreamError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Kind: Sendable, Hashable {
        /// No usable reply: no connection, a server error, a reply Swiftlet could not read (502).
        case badGateway
        /// Every URL's circuit is open, or the upstream said it is unavailable (503).
        case unavailable
        /// The upstream did not answer in time (504).
        case timeout
    }

    /// What went wrong.
    public var kind: Kind
    /// What the client is told.
    public var message: String
    /// Seconds for a `Retry-After` header.
    public var retryAfterSeconds: Int?

    /// An error with every field given.
    public init(_ kind: Kind, _ message: String, retryAfterSeconds: Int? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfterSeconds = retryAfterSeconds
    }

    /// The HTTP status: 502, 503 or 504.
    public var status: Int {
        switch kind {
        case .badGateway: return 502
        case .unavailable: return 503
        case .timeout: return 504
        }
    }

    /// A machine-readable code for OpenAI-shaped bodies.
    public var code: String {
        switch kind {
        case .badGateway: return "upstream_error"
        case .unavailable: return "upstream_unavailable"
        case .timeout: return "upstream_timeout"
        }
    }

    public var description: String { message }
}
