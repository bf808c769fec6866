public import InferenceTypes
public import Transformer

/// Runs engine batches on a `TransformerModel`.
///
/// - Important: used only from the engine thread (the model's run buffers are reused by every call).
public final class TransformerBatchModel: BatchModel {
    public let model: TransformerModel
    private var batch: [BatchEntry] = []

    public init(_ model: TransformerModel) {
        self.model = model
        batch.reserveCapacity(model.slotCount)
    }

    public var vocabularySize: Int { model.hyperParameters.vocabularySize }
    public var contextLength: Int { model.contextLength }
    public var slotCount: Int { model.slotCount }
    public var maxBatchTokens: Int { model.maxBatchTokens }

    public func forward(tokens: UnsafeBufferPointer<TokenID>, entries: UnsafeBufferPointer<ForwardEntry>) throws
        -> UnsafeMutableBufferPointer<Float>
    {
        batch.removeAll(keepingCapacity: true)
        for e in entries {
            let ids = Array(tokens[e.tokenOffset..<e.tokenOffset + e.tokenCount])
            batch.append(BatchEntry(slot: e.slot, tokens: ids, startPosition: e.position,
                logits: e.wantsLogits ? .last : .none))
        }
        let out = try model.forward(batch)
        return UnsafeMutableBufferPointer(mutating: out.logits)
    }

    public func resetSlot(_ slot: Int) {
        try? model.clear(slot: slot)
    }
}
