public import APICommon
import InferenceTypes

/// Why one attempt at an upstream URL failed, and what follows from it: whether another URL may be tried (only
/// before the first byte went to the client), whether it counts against the URL's circuit, and what the client is
/// told when it is the last failure.
public enum AttemptFailure: Error, Sendable, Hashable {
    /// No connection, or it broke.
    case transport(String)
    /// No first event within the first-byte timeout (`firstByte`), or no data within the idle timeout.
    case timeout(firstByte: Bool, after: Duration)
    /// An error status, with what the body said.
    case status(Int, message: String?, type: String?, retryAfter: Int?)
    /// A reply that could not be read, or an error the upstream sent inside it.
    case reply(UpstreamReplyError)

    /// Statuses worth another URL (or another try at the same one).
    private static let retryableStatuses: Set<Int> = [408, 425, 429, 500, 502, 503, 504, 529]

    /// Whether another attempt may follow (the caller checks that no byte went to the client yet).
    public var retryable: Bool {
        switch self {
        case .transport, .timeout: return true
        case .status(let code, _, _, _): return Self.retryableStatuses.contains(code)
        case .reply(let e):
            switch e.kind {
            case .malformed, .truncated: return true
            case .errorEvent: return Self.isOverloaded(e.errorType)
            }
        }
    }

    /// Whether the URL is to blame (its circuit counts the failure); a refusal of the request is not its fault.
    public var countsAgainstURL: Bool {
        switch self {
        case .transport, .timeout: return true
        case .status(let code, _, _, _): return code >= 500 && code != 501
        case .reply(let e): return e.kind != .errorEvent
        }
    }

    /// What the client is told, for model `model`.
    public func clientError(model: String) -> any Error {
        let name = "The upstream of model `\(model)`"
        switch self {
        case .transport:
            return UpstreamError(.badGateway, "\(name) could not be reached.")
        case .timeout(let firstByte, let after):
            let ms = after.components.seconds * 1000 + after.components.attoseconds / 1_000_000_000_000_000
            let seconds = ms % 1000 == 0 ? "\(ms / 1000)" : "\(ms / 1000).\(ms % 1000 / 100)"
            return UpstreamError(.timeout, firstByte ? "\(name) did not answer within \(seconds) s." : "\(name) stopped answering for \(seconds) s.")
        case .status(let code, let message, _, let retryAfter):
            switch code {
            case 401, 403: return UpstreamError(.badGateway, "\(name) refused the server's credentials (HTTP \(code)).")
            case 404: return UpstreamError(.badGateway, "\(name) does not serve it (HTTP 404).")
            case 408, 504: return UpstreamError(.timeout, "\(name) timed out (HTTP \(code)).")
            case 429: return InferenceError.overloaded(retryAfterSeconds: max(1, retryAfter ?? 1))
            case 503, 529: return UpstreamError(.unavailable, "\(name) is unavailable (HTTP \(code)).", retryAfterSeconds: retryAfter ?? 1)
            case 500...: return UpstreamError(.badGateway, "\(name) failed (HTTP \(code)).")
            default: return InferenceError.invalidRequest(parameter: nil, message: "\(name) refused the request: \(message ?? "HTTP \(code)")")
            }
        case .reply(let e):
            switch e.kind {
            case .errorEvent where Self.isOverloaded(e.errorType): return InferenceError.overloaded(retryAfterSeconds: 1)
            case .errorEvent where e.errorType == "invalid_request_error":
                return InferenceError.invalidRequest(parameter: nil, message: "\(name) refused the request: \(e.message)")
            case .errorEvent: return UpstreamError(.badGateway, "\(name) reported an error: \(e.message)")
            case .malformed, .truncated: return UpstreamError(.badGateway, "\(name) sent a reply the server could not read: \(e.message)")
            }
        }
    }

    private static func isOverloaded(_ type: String?) -> Bool {
        type == "overloaded_error" || type == "overloaded" || type == "rate_limit_error"
    }
}
