public import Hummingbird
public import InferenceTypes
import NIOCore

/// The per-request context: request id, the parsed JSON body, and whether the API key still has to come from
/// the body (the ModelsLab dialect's `key` field).
public struct AppRequestContext: RequestContext {
    /// Hummingbird's per-request storage (logger, parameters).
    public var coreContext: CoreRequestContextStorage
    /// `req_…`, sent back as `x-request-id` and `request-id`.
    public var requestID: String = ""
    /// The request body, parsed by `JSONBodyMiddleware` (POST routes only).
    public var json: JSONValue?
    /// No key came in a header; the ModelsLab route must carry a valid `key` field in its body.
    public var needsBodyKey = false
    /// Who is calling (set by the auth middleware; anonymous on an open server).
    var caller = Caller(kind: .anonymous)
    /// What the request's log line and metrics report (shared by every copy of this context).
    let record = RequestRecord()
    /// The client's connection (where ``ConnectionCloseObserver`` lives, in a served application).
    let channel: any Channel

    /// A context for a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.channel = source.channel
    }

    /// The parsed body; a POST route without one is a server bug, reported as a 500.
    func requireJSON() throws -> JSONValue {
        guard let json else { throw APIError.internalError }
        return json
    }
}
