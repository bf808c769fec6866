public import InferenceTypes

/// Length-aware matching: the token cap is part of the constraint.
///
/// A grammar alone lets a sampler open a string it never closes before `max_tokens` runs out, and the answer comes
/// back cut (invalid JSON, half a tool call). Given the tokens still allowed, the matcher also forbids every token
/// after which the grammar could no longer be finished in time, so a value is closed (the string ended, the
/// shortest enum member picked, required properties filled minimally, brackets closed) while there is room.
///
/// The cost of finishing from a configuration is ``tokensToFinish``: the fewest bytes to a configuration where the
/// grammar may end (a fixpoint over the rules, summed along each stack, computed once per configuration), counted as
/// one token per byte, plus the end-of-generation token when the grammar could go on. A byte-level vocabulary has a
/// token for every byte, so from any configuration whose cost fits there is a token (the next byte of a shortest
/// completion) whose successor's cost is one less: once the budget is respected it stays respected to the end. Where
/// nothing fits (the schema's shortest encoding is longer than the cap, or a vocabulary lacks a byte token), the
/// tokens that make the most progress toward finishing are allowed instead, and the output ends at the cap.
extension GrammarMatcher {
    /// The fewest bytes that complete the grammar from here (0 when it may end here); nil when no completion is
    /// known to be finite. Equal to `shortestCompletion()?.count` where that search finishes, at O(1) cost.
    public var bytesToFinish: Int? {
        if isTerminated { return 0 }
        let from = current
        let b = cache.withSpace { $0.setFinishBytes[Int(from)] }
        return b >= CompletionLengths.unbounded ? nil : Int(b)
    }

    /// The tokens a shortest completion takes written one byte per token, plus one end-of-generation token when the
    /// grammar could still go on after it; 0 when the grammar is complete and nothing may follow (or has ended).
    /// `Int(Int32.max)`-sized when unbounded.
    public var tokensToFinish: Int {
        if isTerminated { return 0 }
        let from = current
        return Int(cache.withSpace { $0.setFinishTokens[Int(from)] })
    }

    /// Whether `token` may be generated next when at most `remainingTokens` tokens (this one included) may still be
    /// generated: the grammar allows it and it leaves room to finish (``tokensToFinish`` after it is at most
    /// `remainingTokens - 1`). nil = no cap (``allows(token:)``).
    ///
    /// A `false` here does not mean the mask is empty: where no token fits, ``fillMask(intoWords:remainingTokens:)``
    /// allows the ones that make the most progress, so a sampler that checks its first choice falls back to the mask.
    public func allows(token: TokenID, remainingTokens: Int?) -> Bool {
        guard let remaining = remainingTokens else { return allows(token: token) }
        if isTerminated { return false }
        let i = Int(token)
        guard i >= 0, i < vocabulary.count else { return false }
        switch vocabulary.kind[i] {
        case ConstraintVocabulary.endOfGenerationKind: return accepting
        case ConstraintVocabulary.ordinary:
            let bytes = vocabulary.bytes(of: token)
            let from = current
            let limit = Self.limit(remaining)
            return cache.withSpace { s in
                let t = s.run(from, bytes)
                return t != ConfigurationSpace.dead && s.setFinishTokens[Int(t)] <= limit
            }
        default: return false
        }
    }

    /// Writes the mask of tokens allowed when at most `remainingTokens` tokens (this one included) may still be
    /// generated: those after which the grammar can still finish in time; where none can, those after which it is
    /// closest to finishing. nil = no cap (``fillMask(intoWords:)``). `words` as for ``fillMask(intoWords:)``;
    /// returns `false` (writing nothing) when it is too small.
    @discardableResult
    public func fillMask(intoWords words: UnsafeMutableBufferPointer<UInt64>, remainingTokens: Int?) -> Bool {
        guard let remaining = remainingTokens else { return fillMask(intoWords: words) }
        guard words.count >= (vocabulary.count + 63) / 64, let base = words.baseAddress else { return false }
        let limit = Self.limit(remaining)
        let cheapest = fillMask(words: base, within: limit)
        let wordCount = (vocabulary.count + 63) / 64
        if cheapest != .max && cheapest > limit && !(0..<wordCount).contains(where: { base[$0] != 0 }) {
            // Nothing fits: make the most progress instead (the output will end at the cap).
            fillMask(words: base, within: cheapest)
        }
        return true
    }

    /// The mask of ``fillMask(intoWords:remainingTokens:)`` as a new bitset.
    public func mask(remainingTokens: Int?) -> TokenBitset {
        var m = TokenBitset(capacity: vocabulary.count)
        let count = m.words.count
        m.withUnsafeMutableWords { p in
            _ = fillMask(intoWords: UnsafeMutableBufferPointer(start: p, count: count), remainingTokens: remainingTokens)
        }
        return m
    }

    /// The most ``tokensToFinish`` a token may leave when `remaining` tokens, itself included, are left.
    private static func limit(_ remaining: Int) -> Int32 {
        Int32(clamping: max(0, remaining - 1))
    }
}
