/// Per-token prices in US dollars per million tokens.
public struct TokenPricing: Sendable, Hashable {
    public var inputPerMillion: Double
    public var cachedInputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, cachedInputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.cachedInputPerMillion = cachedInputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    /// Ticks (1 tick = 1e-10 USD, xAI's unit) per token for a price per million tokens: 1 USD per million tokens is
    /// 10,000 ticks per token, so prices with up to four decimals are exact and every sum of costs is an integer.
    public static func ticksPerToken(_ perMillion: Double) -> Int64 {
        guard perMillion.isFinite, perMillion > 0 else { return 0 }
        return Int64((perMillion * 10_000).rounded())
    }

    /// What `usage` costs, in ticks: uncached prompt tokens at the input price, cached ones at the cached price,
    /// reasoning and answer tokens at the output price. The response's `cost_in_usd_ticks` and the ledger both use it.
    public func cost(of usage: Usage) -> Int64 {
        let cached = Int64(min(max(0, usage.cachedPromptTokens), usage.promptTokens))
        let uncached = Int64(max(0, usage.promptTokens)) - cached
        let output = Int64(max(0, usage.completionTokens + usage.reasoningTokens))
        return uncached * Self.ticksPerToken(inputPerMillion) + cached * Self.ticksPerToken(cachedInputPerMillion)
            + output * Self.ticksPerToken(outputPerMillion)
    }

    /// The most a request can cost: every prompt token at the dearer input price, `generatedTokens` at the output
    /// price (what credit reservations hold).
    public func worstCaseCost(promptTokens: Int, generatedTokens: Int) -> Int64 {
        let input = max(Self.ticksPerToken(inputPerMillion), Self.ticksPerToken(cachedInputPerMillion))
        return Int64(max(0, promptTokens)) * input + Int64(max(0, generatedTokens)) * Self.ticksPerToken(outputPerMillion)
    }
}

/// A served model as the API layer lists it.
public struct ModelDescriptor: Sendable, Hashable {
    /// The id clients use.
    public var id: String
    /// Other names that reach the same model.
    public var aliases: [String]
    public var displayName: String
    /// Unix time.
    public var created: Int
    public var ownedBy: String
    public var contextLength: Int
    /// E.g. `chat`, `tools`, `json_schema`, `reasoning`.
    public var capabilities: [String]
    public var pricing: TokenPricing?

    public init(
        id: String, aliases: [String] = [], displayName: String, created: Int, ownedBy: String = "swiftlet",
        contextLength: Int, capabilities: [String] = [], pricing: TokenPricing? = nil
    ) {
        self.id = id
        self.aliases = aliases
        self.displayName = displayName
        self.created = created
        self.ownedBy = ownedBy
        self.contextLength = contextLength
        self.capabilities = capabilities
        self.pricing = pricing
    }
}
