public import InferenceTypes

/// What the constraint engine needs to know about a model's vocabulary: each token's exact bytes, and which ids
/// are special (never allowed inside a grammar) or end generation (allowed only where the grammar may end).
///
/// The constraint engine never sees the tokenizer. The caller supplies bytes with SentencePiece's `▁` already
/// turned into a space and byte-fallback tokens (`<0xNN>`) already turned into their byte.
public struct TokenVocabulary: Sendable {
    /// Per token id, its bytes. Empty for tokens that produce no text.
    public var tokenBytes: [[UInt8]]
    /// Ids of control/special tokens: never allowed while a grammar is active.
    public var specialTokens: Set<TokenID>
    /// Ids that end generation: allowed exactly when the grammar accepts the text so far.
    public var endOfGenerationTokens: Set<TokenID>

    /// A vocabulary table.
    ///
    /// - Parameters:
    ///   - tokenBytes: per token id, the bytes it decodes to.
    ///   - specialTokens: control tokens (`<|im_start|>`, `<pad>`, …); an id in `endOfGenerationTokens` is
    ///     treated as end-of-generation, not as special.
    ///   - endOfGenerationTokens: ids that end generation (`<|im_end|>`, `<eos>`, `<end_of_turn>`, …).
    public init(tokenBytes: [[UInt8]], specialTokens: Set<TokenID>, endOfGenerationTokens: Set<TokenID>) {
        self.tokenBytes = tokenBytes
        self.specialTokens = specialTokens
        self.endOfGenerationTokens = endOfGenerationTokens
    }

    /// Number of token ids.
    public var count: Int { tokenBytes.count }
}
