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

extension OpenAIResponseOptions {
    /// The reasoning text as message or delta fields: `reasoning_content`, and `reasoning` too when the alias is on.
    func reasoningFields(_ text: JSONValue) -> [(String, JSONValue)] {
        emitReasoningAlias ? [("reasoning_content", text), ("reasoning", text)] : [("reasoning_content", text)]
    }
}
