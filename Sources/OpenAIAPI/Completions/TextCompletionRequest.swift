public import InferenceTypes

/// A decoded legacy `POST /v1/completions` body.
public struct TextCompletionRequest: Sendable {
    /// OpenAI's default `max_tokens` for this endpoint.
    public static let defaultMaxTokens = 16

    /// The request in the shared vocabulary; `completion.model` is the name the client sent.
    public var completion: CompletionRequest
    /// SSE streaming was requested.
    public var stream: Bool
    /// `stream_options.include_usage`.
    public var includeUsage: Bool
    /// Whether log-probabilities were asked for (`logprobs: N`).
    public var logprobs: Bool

    /// Decodes a request body (`prompt` may be a string or a one-element array).
    public init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        let model = try f.requiredString("model")
        let prompt: String
        switch f.value("prompt") {
        case .none: throw .missing("prompt")
        case .string(let s)?: prompt = s
        case .array(let items)?:
            guard items.count == 1, case .string(let s) = items[0] else {
                throw .invalid("prompt", "must be a string or an array holding exactly one string")
            }
            prompt = s
        case let other?: throw .wrongType("prompt", expected: "string", got: other)
        }
        var c = CompletionRequest(model: model, prompt: prompt)
        var sampling = try ChatCompletionRequest.samplingWithoutLogprobs(f)
        if let lp = try f.int("logprobs", in: 0...5) {
            sampling.logprobs = true
            sampling.topLogprobs = Int(lp)
        }
        c.sampling = sampling
        c.explicitSampling = ChatCompletionRequest.explicitSampling(f)
        c.maxTokens = Int(try f.int("max_tokens", in: RequestLimits.maxTokensRange) ?? Int64(Self.defaultMaxTokens))
        if let n = try f.int("n", in: RequestLimits.choicesRange) { c.n = Int(n) }
        if let stop = try f.strings("stop") {
            guard stop.count <= RequestLimits.maxStopSequences else {
                throw .invalid("stop", "at most \(RequestLimits.maxStopSequences) stop sequences are allowed, got \(stop.count)")
            }
            for (i, s) in stop.enumerated() where s.utf8.count > RequestLimits.maxStopBytes {
                throw .invalid(stop.count == 1 ? "stop" : f.path("stop", i), "stop sequences must be at most \(RequestLimits.maxStopBytes) bytes")
            }
            c.stop = stop.filter { !$0.isEmpty }
        }
        c.echo = try f.bool("echo") ?? false
        self.completion = c
        self.stream = try f.bool("stream") ?? false
        self.includeUsage = try f.object("stream_options")?.bool("include_usage") ?? false
        self.logprobs = sampling.logprobs
    }
}

extension ChatCompletionRequest {
    /// Sampling fields without the chat-style `logprobs: bool` (the legacy endpoint uses `logprobs: int`).
    static func samplingWithoutLogprobs(_ f: JSONFields) throws(JSONFieldError) -> SamplingParameters {
        let stripped = JSONValue.object(f.members.filter { $0.key != "logprobs" && $0.key != "top_logprobs" })
        return try sampling(try JSONFields(stripped, path: f.path))
    }
}
