public import InferenceTypes

/// One sequence's part of a forward batch: `tokenCount` tokens starting at `tokenOffset` in the batch's token
/// buffer, placed at positions `position …` of KV slot `slot`.
public struct ForwardEntry: Sendable, Hashable {
    public var slot: Int
    public var tokenOffset: Int
    public var tokenCount: Int
    /// Position of the first token (= number of tokens already in the slot).
    public var position: Int
    /// Whether the logits of the entry's last token are wanted.
    public var wantsLogits: Bool

    public init(slot: Int, tokenOffset: Int, tokenCount: Int, position: Int, wantsLogits: Bool) {
        self.slot = slot
        self.tokenOffset = tokenOffset
        self.tokenCount = tokenCount
        self.position = position
        self.wantsLogits = wantsLogits
    }
}

/// The network the engine drives: runs batches of token rows through the model, one weight pass for all of them.
/// Implemented over `Transformer` for real models, and by a scripted model in tests.
///
/// - Important: only the engine's own thread calls these methods; implementations need no locking of their own.
public protocol BatchModel: AnyObject {
    var vocabularySize: Int { get }
    /// Positions per slot.
    var contextLength: Int { get }
    /// Number of KV slots (sequences that can be active at once).
    var slotCount: Int { get }
    /// Most token rows one `forward` call accepts.
    var maxBatchTokens: Int { get }
    /// Bytes of KV cache one position of one slot takes (for load statistics; 0 = unknown).
    var kvBytesPerToken: Int { get }

    /// Runs `entries` (their tokens are in `tokens`) and returns the logits of the entries that want them, in entry
    /// order: `[wanting entries, vocabularySize]` row-major, valid until the next call (the engine may modify it).
    func forward(tokens: UnsafeBufferPointer<TokenID>, entries: UnsafeBufferPointer<ForwardEntry>) throws
        -> UnsafeMutableBufferPointer<Float>

    /// Forgets everything in `slot` (it will be reused from position 0).
    func resetSlot(_ slot: Int)

    /// Keeps positions `0 ..< length` of `slot` so that a new suffix can follow them. Returns false (and leaves the
    /// slot as it was) when the slot cannot keep them, e.g. a sliding-window ring already overwrote rows the shorter
    /// sequence needs; the engine then prefills from scratch.
    func truncateSlot(_ slot: Int, to length: Int) -> Bool

    /// Copies positions `0 ..< length` of slot `source` into slot `target`, which then holds exactly them. Returns
    /// false (target unchanged) when that is not possible (see ``truncateSlot(_:to:)``).
    func copySlotPrefix(from source: Int, to target: Int, length: Int) -> Bool
}

extension BatchModel {
    /// Models without slot surgery can only start over.
    /// Unknown unless the model says.
    public var kvBytesPerToken: Int { 0 }

    public func truncateSlot(_ slot: Int, to length: Int) -> Bool {
        guard length == 0 else { return false }
        resetSlot(slot)
        return true
    }

    /// Models without slot surgery cannot copy.
    public func copySlotPrefix(from source: Int, to target: Int, length: Int) -> Bool { false }
}
