import Synchronization
import Upstream

/// An upstream transport that answers from a script, by base URL, and records what it was sent.
final class ScriptedTransport: UpstreamTransport {
    /// One reply.
    enum Reply: Sendable {
        /// The connection is refused.
        case refuse
        /// An error status with a body.
        case status(Int, String)
        /// A 200 event stream of these SSE frames (each a chunk), `delay` apart; then the body fails when `breakAfter`
        /// frames went out, stalls (until cancelled) when `stallAfter` went out, or ends.
        case stream([String], delay: Duration = .zero, breakAfter: Int? = nil, stallAfter: Int? = nil)
        /// A 200 JSON body.
        case json(String)
        /// Never answers (until cancelled).
        case hang
    }

    struct Refused: Error {}
    struct Broken: Error {}

    private struct State {
        var replies: [String: [Reply]]
        var sent: [String] = []
        var cancelled = 0
    }
    private let state: Mutex<State>

    /// `replies[base]` answers the requests to `base` in turn (the last one repeats).
    init(_ replies: [String: [Reply]]) {
        state = Mutex(State(replies: replies))
    }

    /// The URLs requests went to, in order.
    var sent: [String] { state.withLock { $0.sent } }
    /// Requests whose task was cancelled while waiting or streaming.
    var cancelled: Int { state.withLock { $0.cancelled } }

    func send(_ request: UpstreamHTTPRequest) async throws -> UpstreamHTTPResponse {
        let reply: Reply = state.withLock { s in
            s.sent.append(request.url)
            guard let key = s.replies.keys.first(where: { request.url.hasPrefix($0) }), var queue = s.replies[key], !queue.isEmpty else {
                return .refuse
            }
            let r = queue.count > 1 ? queue.removeFirst() : queue[0]
            s.replies[key] = queue
            return r
        }
        switch reply {
        case .refuse:
            throw Refused()
        case .status(let code, let body):
            return UpstreamHTTPResponse(status: code, contentType: "application/json", retryAfter: nil, body: Body(chunks: [Array(body.utf8)]))
        case .json(let body):
            return UpstreamHTTPResponse(status: 200, contentType: "application/json", retryAfter: nil, body: Body(chunks: [Array(body.utf8)]))
        case .stream(let frames, let delay, let breakAfter, let stallAfter):
            return UpstreamHTTPResponse(status: 200, contentType: "text/event-stream", retryAfter: nil,
                body: Body(chunks: frames.map { Array($0.utf8) }, delay: delay, breakAfter: breakAfter, stallAfter: stallAfter,
                    transport: self))
        case .hang:
            do {
                try await Task.sleep(for: .seconds(3600))
            } catch {
                state.withLock { $0.cancelled += 1 }
                throw error
            }
            throw Refused()
        }
    }

    fileprivate func noteCancelled() { state.withLock { $0.cancelled += 1 } }

    struct Body: UpstreamBody {
        var chunks: [[UInt8]]
        var delay: Duration = .zero
        var breakAfter: Int?
        var stallAfter: Int?
        var transport: ScriptedTransport?
        var sent = 0

        mutating func next() async throws -> [UInt8]? {
            if let breakAfter, sent >= breakAfter { throw Broken() }
            if let stallAfter, sent >= stallAfter {
                do { try await Task.sleep(for: .seconds(3600)) } catch {
                    transport?.noteCancelled()
                    throw error
                }
            }
            guard sent < chunks.count else { return nil }
            if delay > .zero {
                do { try await Task.sleep(for: delay) } catch {
                    transport?.noteCancelled()
                    throw error
                }
            }
            defer { sent += 1 }
            return chunks[sent]
        }
    }
}

/// SSE frames of a short OpenAI-style stream: a role chunk, `words` as content, a finish and a usage chunk.
func openAIFrames(_ words: [String]) -> [String] {
    func chunk(_ choices: String, usage: String = "null") -> String {
        "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":\(choices),\"usage\":\(usage)}\n\n"
    }
    var frames = [chunk(#"[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]"#)]
    for w in words { frames.append(chunk(#"[{"index":0,"delta":{"content":"\#(w)"},"finish_reason":null}]"#)) }
    frames.append(chunk(#"[{"index":0,"delta":{},"finish_reason":"stop"}]"#))
    frames.append(chunk("[]", usage: #"{"prompt_tokens":5,"completion_tokens":\#(words.count),"total_tokens":\#(5 + words.count)}"#))
    frames.append("data: [DONE]\n\n")
    return frames
}
