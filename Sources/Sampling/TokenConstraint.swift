public import InferenceTypes

/// Something that restricts which token may come next (a grammar matcher, a tool-call format, a reasoning budget).
///
/// The sampler asks the cheap question first (`allows`) and builds the full mask (`fillMask`) only when it has to;
/// see `ConstraintMode`.
public protocol TokenConstraint {
    /// Whether `token` may come next. Should be cheap (O(token length) for a grammar).
    func allows(token: TokenID) -> Bool
    /// Sets the bit of every token that may come next. `mask` arrives with every bit clear.
    func fillMask(into mask: inout TokenMask)
}

/// When the sampler applies a constraint's full mask.
public enum ConstraintMode: Sendable, Hashable {
    /// llama.cpp's trick: sample from the unconstrained chain, check only the chosen token with `allows`, and only
    /// when it is rejected build the full mask, set every disallowed logit to −∞, and sample again from the masked
    /// distribution. Fast when the model usually agrees with the constraint; the result differs from `maskFirst`
    /// only in which allowed token is drawn, never in allowing a disallowed one.
    case sampleFirst
    /// Build the full mask every step and sample from the masked distribution (the textbook semantics).
    case maskFirst
}

/// A constraint given by an explicit mask (for tests and simple bans).
public struct MaskConstraint: TokenConstraint, Sendable {
    /// The allowed tokens.
    public var mask: TokenMask

    /// A constraint allowing exactly the tokens set in `mask`.
    public init(mask: TokenMask) { self.mask = mask }

    public func allows(token: TokenID) -> Bool { mask.contains(token) }

    public func fillMask(into mask: inout TokenMask) {
        let source = self.mask
        mask.withUnsafeMutableWords { dst in
            source.withUnsafeWords { src in
                for i in 0..<min(dst.count, src.count) { dst[i] = src[i] }
            }
        }
        mask.clearBitsPastEnd()
    }
}
