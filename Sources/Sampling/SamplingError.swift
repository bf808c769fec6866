public import InferenceTypes

/// Why the sampler could not be built or could not choose a token. Each case says what was wrong and where.
public enum SamplingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The vocabulary size given to the sampler was not positive (or too large for a `TokenID`).
    case invalidVocabularySize(Int)
    /// A sampling parameter is out of range.
    case invalidParameter(SamplingParametersError)
    /// A token id is outside `0..<vocabularySize`; `role` says where it came from (`logit_bias`, `forced`,
    /// `prompt`, `accepted`).
    case tokenOutOfRange(id: TokenID, vocabularySize: Int, role: String)
    /// The logits buffer does not have one entry per vocabulary token.
    case logitsCountMismatch(expected: Int, actual: Int)
    /// Every logit was −∞ or NaN (after bias and penalties), so no token has any probability.
    case noViableToken
    /// The constraint's mask allows no token that has any probability.
    case constraintAllowsNothing

    public var description: String {
        switch self {
        case .invalidVocabularySize(let n):
            return "sampler: vocabulary size must be between 1 and \(Int32.max) (got \(n))"
        case .invalidParameter(let error):
            return "sampler: \(error)"
        case .tokenOutOfRange(let id, let size, let role):
            return "sampler: \(role) token id \(id) is outside the vocabulary (0..<\(size))"
        case .logitsCountMismatch(let expected, let actual):
            return "sampler: logits buffer has \(actual) entries, the vocabulary has \(expected)"
        case .noViableToken:
            return "sampler: every logit is -inf or NaN; no token can be chosen"
        case .constraintAllowsNothing:
            return "sampler: the constraint allows no token with non-zero probability"
        }
    }
}
