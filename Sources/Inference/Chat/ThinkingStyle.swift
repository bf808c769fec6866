public import OutputParsing

/// How Swiftlet makes a model without native reasoning think (with ``ThinkingPrompt``'s instruction), chosen per
/// catalog model from what `Benchmarks/qa.py` measured (the README's reasoning section has the numbers).
public enum ThinkingStyle: String, Sendable, Hashable, CaseIterable {
    /// The prompt ends with an opened `<think>`; the trace ends at `</think>` (the model's own, or forced at its
    /// budget) and the answer follows the tag.
    case tags
    /// The prompt opens nothing: the model's first paragraph is the trace, ended by the first blank line (the model's
    /// own, or forced at the budget or at a sentence end past its soft limit), and what follows is the answer. For
    /// models an opened `<think>` throws off: SmolLM2 135M answered 19 of the 50 questions after it and 38 without it
    /// (the same instruction; first paragraph graded), and on its own it writes its working, a blank line, then
    /// "The answer is …".
    case paragraph

    /// The tags the output is parsed and constrained with; the prompt counts as having opened them.
    public var tags: ReasoningTags {
        switch self {
        case .tags: return .think(startsInside: true)
        case .paragraph: return .paragraph
        }
    }

    /// What the rendered prompt ends with.
    public var promptSuffix: String {
        switch self {
        case .tags: return "<think>\n"
        case .paragraph: return ""
        }
    }
}
