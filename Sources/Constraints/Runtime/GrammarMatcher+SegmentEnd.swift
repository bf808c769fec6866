public import InferenceTypes

extension GrammarMatcher {
    /// Ends budgeted segment `index` now, as if its budget were spent: from here its stacks may only complete a
    /// character already begun, then leave (for a reasoning trace: only the closing tag can follow). Returns `false`
    /// and changes nothing when the next token would not start inside that segment.
    ///
    /// The engine calls it when a trace should end before its budget (the model ended its turn inside the trace, or
    /// started a new sentence past a soft limit); see `SequenceRequest.traceEnding` in Engine.
    @discardableResult
    public mutating func finishSegment(_ index: Int) -> Bool {
        guard isInsideBudgetedSegment(index) else { return false }
        finishInside(segment: index)
        return true
    }

    /// The longest token the grammar allows next (on equal lengths the lowest id); nil when only end-of-generation
    /// tokens, or nothing, may follow. For text the grammar forces (a closing tag after `finishSegment(_:)`), this is
    /// the token a greedy tokenizer would write first.
    public func longestAllowedToken() -> TokenID? {
        var mask = TokenBitset(capacity: vocabulary.count)
        fillMask(into: &mask)
        var best: TokenID?
        var bestLength = 0
        // Members come in increasing id order, so a later token of the same length never replaces an earlier one.
        for id in mask.members where vocabulary.kind[Int(id)] == ConstraintVocabulary.ordinary {
            let length = Int(vocabulary.byteStart[Int(id) + 1] - vocabulary.byteStart[Int(id)])
            if length > bestLength {
                best = id
                bestLength = length
            }
        }
        return best
    }
}
