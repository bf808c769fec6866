import Constraints
import InferenceTypes
import Sampling

/// Adapts a sequence's ``GrammarMatcher`` to Sampling's `TokenConstraint`, so the sampler can check its first
/// choice cheaply (`allows`) and build the full mask only when that choice is rejected.
struct GrammarConstraint: TokenConstraint {
    let matcher: GrammarMatcher

    func allows(token: TokenID) -> Bool { matcher.allows(token: token) }

    func fillMask(into mask: inout TokenMask) {
        let matcher = self.matcher
        // The constraint vocabulary is built with the model's logit count, so the word counts agree.
        mask.withUnsafeMutableWords { _ = matcher.fillMask(intoWords: $0) }
    }
}
