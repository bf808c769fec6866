/// How much of a request's output cap the reasoning trace may take: reasoning and answer share `max_tokens`.
///
/// OpenAI and xAI count reasoning tokens in `max_tokens` / `max_completion_tokens` for their reasoning models, and
/// Anthropic counts thinking in `max_tokens`; in both, what the trace takes the answer cannot have. So the budget a
/// request asks for (an effort level's, `reasoning.max_tokens`, `thinking.budget_tokens`) is cut to fit:
/// - when the cap is for the answer in the client's API (OpenAI, xAI), the trace and its tags take at most half of
///   it, and the answer keeps the rest;
/// - when the client set the budget against the cap itself (Anthropic, where `budget_tokens` must be below
///   `max_tokens`), it is used as given, less the tags' tokens, so the answer keeps at least one token.
/// A structured answer or tool call after the trace gets its room from the length-aware grammar either way: the trace
/// is closed early when the answer's shortest form would not fit otherwise.
public enum ReasoningBudgetFit {
    /// The reasoning budget for `requested` tokens under an output cap of `cap` tokens. `tagTokens` is what the
    /// opening (unless the prompt opened it) and closing tags take; `budgetIncludedInCap`: the client's budget was
    /// set against the cap (Anthropic).
    public static func budget(requested: Int, cap: Int, tagTokens: Int, budgetIncludedInCap: Bool) -> Int {
        let room = budgetIncludedInCap ? cap - tagTokens - 1 : cap / 2 - tagTokens
        return max(0, min(requested, room))
    }
}
