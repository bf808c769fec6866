public import Inference
public import InferenceTypes

/// Per-model prices: what each requested name costs per million tokens.
///
/// Order: a price configured for the exact name the client sent (an alias may be priced apart from its model), then
/// one configured for the served model's id, then the Grok persona's list price for its names, then the catalog's
/// list price (`CatalogEntry.pricing`, carried on the model's descriptor); a name with none of these is free.
/// Reasoning tokens are priced as output (`TokenPricing.cost(of:)`).
public struct PriceBook: Sendable {
    /// Lower-cased name → price.
    private var configured: [String: TokenPricing]

    /// The hosted Grok 3 Mini list price: $0.30 in, $0.075 cached in, $0.50 out per million tokens.
    public static let grokPersonaPrice = TokenPricing(inputPerMillion: 0.30, cachedInputPerMillion: 0.075, outputPerMillion: 0.50)

    /// A price book with the persona's prices and `prices` (by model id or alias) on top.
    public init(_ prices: [String: TokenPricing] = [:]) {
        var table: [String: TokenPricing] = [:]
        for alias in ModelAlias.grokPersona { table[alias.name.lowercased()] = Self.grokPersonaPrice }
        for (name, price) in prices { table[name.lowercased()] = price }
        configured = table
    }

    /// The price of `requested`, which resolved to `model`.
    public func price(requested: String, model: ModelDescriptor) -> TokenPricing? {
        configured[requested.lowercased()] ?? configured[model.id.lowercased()] ?? model.pricing
    }
}
