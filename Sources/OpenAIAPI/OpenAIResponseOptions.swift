public import InferenceTypes

/// Per-model choices about how OpenAI-shaped responses report reasoning and usage.
public struct OpenAIResponseOptions: Sendable, Hashable {
    /// false (default, xAI): reasoning tokens are left out of `completion_tokens` and added to `total_tokens`.
    /// true (OpenAI): `completion_tokens` includes them.
    public var reasoningInCompletionTokens: Bool
    /// Also send the reasoning text as `reasoning` (vLLM/Ollama name) beside `reasoning_content`.
    public var emitReasoningAlias: Bool
    /// Prices for `cost_in_usd_ticks`; nil reports 0.
    public var pricing: TokenPricing?

    /// Options; the defaults are the xAI conventions.
    public init(reasoningInCompletionTokens: Bool = false, emitReasoningAlias: Bool = false, pricing: TokenPricing? = nil) {
        self.reasoningInCompletionTokens = reasoningInCompletionTokens
        self.emitReasoningAlias = emitReasoningAlias
        self.pricing = pricing
    }
}

/// The fields every response and chunk of one completion repeats.
public struct OpenAIResponseHeader: Sendable, Hashable {
    /// `chatcmpl-…` / `cmpl-…`.
    public var id: String
    /// Unix time.
    public var created: Int
    /// The model name as the client sent it.
    public var model: String
    /// Reported as `system_fingerprint`.
    public var systemFingerprint: String

    /// A header for one response.
    public init(id: String, created: Int, model: String, systemFingerprint: String = "fp_swiftlet") {
        self.id = id
        self.created = created
        self.model = model
        self.systemFingerprint = systemFingerprint
    }

    /// The object every body and chunk of a completion is: these fields, `object`, the choices, and `usage` when
    /// given (`.null` writes `"usage": null`, as chunks do before the last one when usage was asked for).
    func envelope(object: String, choices: [JSONValue], usage: JSONValue?) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(id)), ("object", .string(object)), ("created", .int(Int64(created))),
            ("model", .string(model)), ("system_fingerprint", .string(systemFingerprint)),
            ("choices", .array(choices)),
        ]
        if let usage { fields.append(("usage", usage)) }
        return .makeObject(fields)
    }
}

extension OpenAIResponseOptions {
    /// The reasoning text as message or delta fields: `reasoning_content`, and `reasoning` too when the alias is on.
    func reasoningFields(_ text: JSONValue) -> [(String, JSONValue)] {
        emitReasoningAlias ? [("reasoning_content", text), ("reasoning", text)] : [("reasoning_content", text)]
    }
}

/// One entry of `tool_calls`, in a message (`index` nil) or as a chunk's first fragment of a call (`index` set,
/// `arguments` empty).
func toolCallJSON(index: Int? = nil, id: String, name: String, arguments: String) -> JSONValue {
    var fields: [(String, JSONValue)] = []
    if let index { fields.append(("index", .int(Int64(index)))) }
    fields += [
        ("id", .string(id)), ("type", "function"),
        ("function", .makeObject([("name", .string(name)), ("arguments", .string(arguments))])),
    ]
    return .makeObject(fields)
}

extension FinishReason {
    /// The OpenAI `finish_reason` string.
    public var openAIValue: String {
        switch self {
        case .stop, .stopSequence: return "stop"
        case .length, .contextLength: return "length"
        case .toolCalls: return "tool_calls"
        }
    }
}

extension Usage {
    /// The OpenAI/xAI `usage` object (API.md §2.5): cached tokens in `prompt_tokens_details`, reasoning tokens in
    /// `completion_tokens_details`, and xAI's `num_sources_used` and `cost_in_usd_ticks` (1 USD = 1e10 ticks).
    public func openAIJSON(_ options: OpenAIResponseOptions) -> JSONValue {
        let completion = options.reasoningInCompletionTokens ? completionTokens + reasoningTokens : completionTokens
        var ticks: Int64 = 0
        if let p = options.pricing {
            let uncached = Double(max(0, promptTokens - cachedPromptTokens))
            let usd =
                (uncached * p.inputPerMillion + Double(cachedPromptTokens) * p.cachedInputPerMillion
                    + Double(completionTokens + reasoningTokens) * p.outputPerMillion) / 1_000_000
            ticks = Int64((usd * 1e10).rounded())
        }
        return .makeObject([
            ("prompt_tokens", .int(Int64(promptTokens))),
            ("completion_tokens", .int(Int64(completion))),
            ("total_tokens", .int(Int64(totalTokens))),
            (
                "prompt_tokens_details",
                .makeObject([
                    ("text_tokens", .int(Int64(promptTokens))), ("audio_tokens", 0), ("image_tokens", 0),
                    ("cached_tokens", .int(Int64(cachedPromptTokens))),
                ])
            ),
            (
                "completion_tokens_details",
                .makeObject([
                    ("reasoning_tokens", .int(Int64(reasoningTokens))), ("audio_tokens", 0),
                    ("accepted_prediction_tokens", 0), ("rejected_prediction_tokens", 0),
                ])
            ),
            ("num_sources_used", 0),
            ("cost_in_usd_ticks", .int(ticks)),
        ])
    }
}

extension TokenLogprob {
    /// One entry of OpenAI `logprobs.content`.
    public var openAIJSON: JSONValue {
        .makeObject([
            ("token", .string(token)), ("logprob", .double(logprob)), ("bytes", .array(bytes.map { .int(Int64($0)) })),
            (
                "top_logprobs",
                .array(
                    top.map { alt in
                        .makeObject([
                            ("token", .string(alt.token)), ("logprob", .double(alt.logprob)),
                            ("bytes", .array(alt.bytes.map { .int(Int64($0)) })),
                        ])
                    })
            ),
        ])
    }
}

/// The `logprobs` object of a choice or chunk.
func logprobsJSON(_ items: [TokenLogprob]) -> JSONValue {
    .makeObject([("content", .array(items.map(\.openAIJSON))), ("refusal", .null)])
}
