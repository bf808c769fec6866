public import InferenceTypes
public import Transformer

/// Runs engine batches on a `TransformerModel`.
///
/// A forward call allocates nothing here: the batch's token ids are copied into one token buffer reserved at init,
/// and each `BatchEntry` holds a slice of it (a slice shares the buffer; it does not copy it).
///
/// - Important: used only from the engine thread (the model's run buffers are reused by every call).
public final class TransformerBatchModel: BatchModel {
    public let model: TransformerModel
    // [slotCount] entries of the current batch; emptied before `tokenStore` is rewritten, so the store is uniquely
    // referenced again when it is written (no copy-on-write).
    private var batch: [BatchEntry] = []
    // [maxBatchTokens] token ids of the current batch, entry after entry; entries hold slices of it.
    private var tokenStore: [TokenID] = []

    /// Wraps `model`; reserves the batch and token buffers for its slot count and batch size.
    public init(_ model: TransformerModel) {
        self.model = model
        batch.reserveCapacity(model.slotCount)
        tokenStore.reserveCapacity(model.maxBatchTokens)
    }

    public var vocabularySize: Int { model.hyperParameters.vocabularySize }
    public var contextLength: Int { model.contextLength }
    public var slotCount: Int { model.slotCount }
    public var maxBatchTokens: Int { model.maxBatchTokens }
    public var kvBytesPerToken: Int { model.kvCacheBytes / max(1, model.slotCount * model.contextLength) }

    public func forward(tokens: UnsafeBufferPointer<TokenID>, entries: UnsafeBufferPointer<ForwardEntry>) throws
        -> UnsafeMutableBufferPointer<Float>
    {
        // Drop last call's slices first so that the store is not shared when it is rewritten.
        batch.removeAll(keepingCapacity: true)
        tokenStore.removeAll(keepingCapacity: true)
        tokenStore.append(contentsOf: tokens)
        for e in entries {
            batch.append(BatchEntry(slot: e.slot, tokens: tokenStore[e.tokenOffset..<e.tokenOffset + e.tokenCount],
                startPosition: e.position, logits: e.wantsLogits ? .last : .none))
        }
        let out = try model.forward(batch)
        return UnsafeMutableBufferPointer(mutating: out.logits)
    }

    public func resetSlot(_ slot: Int) {
        try? model.clear(slot: slot)
    }

    public func truncateSlot(_ slot: Int, to length: Int) -> Bool {
        (try? model.truncate(slot: slot, to: length)) != nil
    }

    public func copySlotPrefix(from source: Int, to target: Int, length: Int) -> Bool {
        (try? model.copyPrefix(from: source, to: target, length: length)) != nil
    }
}
