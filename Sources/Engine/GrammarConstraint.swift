import Constraints
import InferenceTypes
import Sampling

/// Adapts a sequence's ``GrammarMatcher`` to Sampling's `TokenConstraint`, so the sampler can check its first
/// choice cheaply (`allows`) and build the full mask only when that choice is rejected.
///
/// `remainingTokens` (this step's token included) makes the constraint length-aware: only tokens after which the
/// grammar can still be finished in time are allowed (`GrammarMatcher.allows(token:remainingTokens:)`).
/// `endOfGenerationAllowed` also allows the end-of-generation tokens where the grammar would not (inside a reasoning
/// trace that ends at the model's end of turn: `TraceEnding.atEndOfTurn`); the caller replaces such a token.
struct GrammarConstraint: TokenConstraint {
    let matcher: GrammarMatcher
    var remainingTokens: Int? = nil
    var endOfGenerationAllowed = false

    func allows(token: TokenID) -> Bool {
        if endOfGenerationAllowed, matcher.vocabulary.endOfGeneration.contains(token) { return true }
        return matcher.allows(token: token, remainingTokens: remainingTokens)
    }

    func fillMask(into mask: inout TokenMask) {
        let matcher = self.matcher
        let remaining = remainingTokens
        // The constraint vocabulary is built with the model's logit count, so the word counts agree.
        mask.withUnsafeMutableWords { _ = matcher.fillMask(intoWords: $0, remainingTokens: remaining) }
        if endOfGenerationAllowed {
            for t in matcher.vocabulary.endOfGeneration { mask.allow(t) }
        }
    }
}
