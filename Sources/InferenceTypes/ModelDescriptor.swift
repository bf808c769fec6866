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
