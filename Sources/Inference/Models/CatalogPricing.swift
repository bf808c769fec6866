public import InferenceTypes

/// The catalog's list prices, per million tokens: what a model costs when the configuration names no price for it.
/// Small local models are priced well below the hosted small reasoning models (whose $0.30 in / $0.50 out is the
/// Grok persona's price, set in the server's price book).
extension CatalogEntry {
    /// The list price of this entry (nil: not priced, requests are free unless configured).
    public var pricing: TokenPricing? {
        switch id {
        case "smollm2-135m-instruct":
            return TokenPricing(inputPerMillion: 0.02, cachedInputPerMillion: 0.005, outputPerMillion: 0.04)
        case "gemma-3-270m":
            return TokenPricing(inputPerMillion: 0.03, cachedInputPerMillion: 0.0075, outputPerMillion: 0.06)
        case "qwen2.5-coder-0.5b-instruct":
            return TokenPricing(inputPerMillion: 0.05, cachedInputPerMillion: 0.0125, outputPerMillion: 0.10)
        default:
            return nil
        }
    }
}
