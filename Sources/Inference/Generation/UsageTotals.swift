import InferenceTypes

/// What one choice of a response spent.
struct ChoiceUsage: Sendable, Hashable {
    /// Tokens generated (reasoning included).
    var generatedTokens: Int
    /// Of those, tokens of the reasoning trace (closing tag included).
    var reasoningTokens: Int
    /// Prompt tokens this choice's sequence took from the prompt cache.
    var cachedPromptTokens: Int
}

/// The usage of a whole response, summed over its choices.
///
/// The prompt is billed once. Its cached part is what every choice found cached: siblings copy the first choice's
/// prefill, which itself may have found less, so the smallest count is the one all of them share.
struct UsageTotals: Sendable, Hashable {
    /// The prompt's length in tokens.
    let promptTokens: Int
    private var generated = 0
    private var reasoning = 0
    /// The smallest cached count seen; nil before the first choice.
    private var cached: Int?

    init(promptTokens: Int) {
        self.promptTokens = promptTokens
    }

    /// Adds one finished choice.
    mutating func add(_ choice: ChoiceUsage) {
        generated += choice.generatedTokens
        reasoning += choice.reasoningTokens
        cached = min(cached ?? choice.cachedPromptTokens, choice.cachedPromptTokens)
    }

    /// The response's usage. Completion tokens exclude reasoning tokens (the shared `Usage` convention; each API
    /// decides how to report them).
    var usage: Usage {
        Usage(promptTokens: promptTokens, cachedPromptTokens: min(cached ?? 0, promptTokens),
            completionTokens: max(0, generated - reasoning), reasoningTokens: reasoning)
    }
}
