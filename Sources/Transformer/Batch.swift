public import InferenceTypes

/// Which logits a batch entry wants back.
public enum LogitsRequest: Sendable, Hashable {
    /// None (a prompt chunk that is not the last one).
    case none
    /// The last token's (the usual case: prefill end, or a decode step).
    case last
    /// Every token's (scoring a prompt, tests).
    case all
}

/// One sequence's share of a forward pass: tokens to append to a slot.
///
/// The tokens occupy positions `startPosition ..< startPosition + tokens.count`; `startPosition` must equal the
/// slot's current length (use ``TransformerModel/truncate(slot:to:)`` or ``TransformerModel/clear(slot:)`` first to
/// rewrite a suffix).
public struct BatchEntry: Sendable, Hashable {
    /// The KV-cache slot holding the sequence.
    public var slot: Int
    /// Token ids to process, at least one.
    public var tokens: ArraySlice<TokenID>
    /// Position of the first token.
    public var startPosition: Int
    /// Which logits to return.
    public var logits: LogitsRequest

    /// An entry appending `tokens` to `slot` from `startPosition`.
    public init(slot: Int, tokens: ArraySlice<TokenID>, startPosition: Int, logits: LogitsRequest) {
        self.slot = slot
        self.tokens = tokens
        self.startPosition = startPosition
        self.logits = logits
    }

    /// An entry appending all of `tokens`.
    public init(slot: Int, tokens: [TokenID], startPosition: Int, logits: LogitsRequest) {
        self.init(slot: slot, tokens: tokens[...], startPosition: startPosition, logits: logits)
    }

    /// Logits rows this entry produces.
    var logitsRows: Int {
        switch logits {
        case .none: 0
        case .last: 1
        case .all: tokens.count
        }
    }
}

/// The logits of one forward pass: `[rowCount, vocabularySize]` f32, row-major, in batch order — each entry's
/// rows (none, its last token's, or one per token) follow the previous entry's.
///
/// - Important: A view into the model's run buffers: valid until the next call of
///   ``TransformerModel/forward(_:)`` on the same model. Copy what must outlive it.
public struct ForwardOutput {
    /// `[rowCount, vocabularySize]` floats.
    public let logits: UnsafeBufferPointer<Float>
    /// Number of logits rows.
    public let rowCount: Int
    /// Entries of a row.
    public let vocabularySize: Int

    /// Row `index` (`[vocabularySize]` floats).
    public func row(_ index: Int) -> UnsafeBufferPointer<Float> {
        precondition(index >= 0 && index < rowCount, "logits row \(index) out of 0..<\(rowCount)")
        return UnsafeBufferPointer(rebasing: logits[(index * vocabularySize)..<((index + 1) * vocabularySize)])
    }
}
