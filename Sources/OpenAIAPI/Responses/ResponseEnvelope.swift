public import InferenceTypes

/// What every snapshot of one response repeats (its id, creation time, model and the request's settings), and the
/// function that builds the response object from a status, an output and a usage: the non-streaming body, the
/// stored response and every lifecycle event's `response` come from here.
public struct ResponseEnvelope: Sendable, Hashable {
    /// `resp_…`.
    public var id: String
    /// Unix seconds.
    public var createdAt: Int
    /// The model name as the client sent it.
    public var model: String
    /// The request's settings.
    public var echo: ResponseEcho
    /// Prices for `usage.cost_in_usd_ticks`; nil reports 0.
    public var pricing: TokenPricing?

    /// An envelope for one response.
    public init(id: String, createdAt: Int, model: String, echo: ResponseEcho, pricing: TokenPricing? = nil) {
        self.id = id
        self.createdAt = createdAt
        self.model = model
        self.echo = echo
        self.pricing = pricing
    }

    /// The response object. `usage` nil writes `usage: null` (a response still in progress); `error` is the
    /// `{code, message}` of a failed response.
    public func json(
        status: String, output: [ResponseOutputItem], usage: Usage?, incomplete: Bool = false, error: JSONValue = .null
    ) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(id)), ("object", "response"), ("created_at", .int(Int64(createdAt))),
            ("status", .string(status)), ("background", false), ("error", error),
            ("incomplete_details", incomplete ? .makeObject([("reason", "max_output_tokens")]) : .null),
        ]
        fields += echo.members.prefix(3)  // instructions, max_output_tokens, metadata
        fields.append(("model", .string(model)))
        fields.append(("output", .array(output.map(\.json))))
        fields += echo.members.dropFirst(3)
        fields.append(("usage", usage.map { $0.responsesJSON(pricing: pricing) } ?? .null))
        return .makeObject(fields)
    }

    /// The finished response folded by `output`: `completed`, or `incomplete` when the token cap cut it short.
    public func json(finished output: ResponseOutputAssembler) -> JSONValue {
        json(status: output.isIncomplete ? "incomplete" : "completed", output: output.items, usage: output.usage,
            incomplete: output.isIncomplete)
    }
}

extension Usage {
    /// The Responses API `usage` object: `output_tokens` includes the reasoning tokens (OpenAI's convention), and
    /// `cost_in_usd_ticks` is the price at `pricing` (1 USD = 1e10 ticks; 0 without prices).
    public func responsesJSON(pricing: TokenPricing?) -> JSONValue {
        .makeObject([
            ("input_tokens", .int(Int64(promptTokens))),
            ("input_tokens_details", .makeObject([("cached_tokens", .int(Int64(cachedPromptTokens)))])),
            ("output_tokens", .int(Int64(completionTokens + reasoningTokens))),
            ("output_tokens_details", .makeObject([("reasoning_tokens", .int(Int64(reasoningTokens)))])),
            ("total_tokens", .int(Int64(totalTokens))),
            ("cost_in_usd_ticks", .int(pricing?.cost(of: self) ?? 0)),
        ])
    }
}
