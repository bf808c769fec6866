public import InferenceTypes

/// The legacy `POST /completions` body Swiftlet sends to an OpenAI-compatible upstream for a `CompletionRequest`:
/// the inverse of ``TextCompletionRequest``. It always streams, with `stream_options.include_usage`; the reply's
/// chunks (`choices[].text`) are read by ``ChatCompletionStreamDecoder`` like chat chunks.
public enum TextCompletionRequestBody {
    /// The body for `completion`, naming the upstream's model `model`.
    public static func json(_ completion: CompletionRequest, model: String, dialect: ChatCompletionRequestBody.Dialect)
        -> JSONValue
    {
        var f: [(String, JSONValue)] = [("model", .string(model)), ("prompt", .string(completion.prompt))]
        f.append(("stream", true))
        f.append(("stream_options", ["include_usage": true]))
        if let max = completion.maxTokens { f.append(("max_tokens", .int(Int64(max)))) }
        f += ChatCompletionRequestBody.sampling(completion.sampling, set: completion.explicitSampling, dialect: dialect)
        if completion.sampling.logprobs { f.append(("logprobs", .int(Int64(completion.sampling.topLogprobs)))) }
        if completion.n != 1 { f.append(("n", .int(Int64(completion.n)))) }
        if !completion.stop.isEmpty { f.append(("stop", .array(completion.stop.map { .string($0) }))) }
        if completion.echo { f.append(("echo", true)) }
        return .makeObject(f)
    }
}
