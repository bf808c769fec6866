import GGUF
import InferenceTypes
import TestSupport
import Testing
import Transformer

/// `copyPrefix(from:to:length:)` and `kvCacheBytes`: a copied prefix continues exactly like the slot it came from,
/// and a sliding-window ring refuses copies it can no longer serve.
@Suite
struct CopyPrefixTests {
    static let tokens = ForwardTests.tokens

    /// Copy five positions of an eight-position slot, continue with a new suffix: bit-identical to a fresh slot fed
    /// the same prefix and suffix with the same batch shapes.
    @Test(arguments: SyntheticModelSpec.all)
    func copiedPrefixContinuesLikeAFreshSlot(spec: SyntheticModelSpec) throws {
        let model = try ForwardTests.model(spec, contextLength: 16, slots: 3, maxBatchTokens: 8)
        let second = Array(Self.tokens[0..<5]) + [9, 10, 12]
        _ = try model.forward([BatchEntry(slot: 0, tokens: Self.tokens[0..<5], startPosition: 0, logits: .none)])
        _ = try model.forward([BatchEntry(slot: 0, tokens: Self.tokens[5..<8], startPosition: 5, logits: .none)])
        // Slot 1 held something else before; the copy replaces it.
        _ = try model.forward([BatchEntry(slot: 1, tokens: Self.tokens[8..<15], startPosition: 0, logits: .none)])
        try model.copyPrefix(from: 0, to: 1, length: 5)
        #expect(try model.length(ofSlot: 1) == 5 && model.length(ofSlot: 0) == 8)
        let copied = Array(try model.forward([BatchEntry(slot: 1, tokens: second[5...], startPosition: 5, logits: .last)]).row(0))
        _ = try model.forward([BatchEntry(slot: 2, tokens: second[0..<5], startPosition: 0, logits: .none)])
        let fresh = Array(try model.forward([BatchEntry(slot: 2, tokens: second[5...], startPosition: 5, logits: .last)]).row(0))
        #expect(copied == fresh)
        #expect(throws: TransformerError.self) { try model.copyPrefix(from: 0, to: 1, length: 9) }
        #expect(throws: TransformerError.self) { try model.copyPrefix(from: 0, to: 0, length: 2) }
        #expect(throws: TransformerError.invalidSlot(slot: 3, slotCount: 3)) { try model.copyPrefix(from: 0, to: 3, length: 2) }
    }

    /// Ring of window 4 + batch 3 − 1 = 6 rows: after 16 positions only positions 10… are held, so copying 8 is
    /// refused while copying 14 works and continues exactly like the full cache.
    @Test func slidingWindowRingCopiesOnlyWhatItHolds() throws {
        let ring = try ForwardTests.model(.gemma3, contextLength: 32, slots: 2, maxBatchTokens: 3, ring: true)
        let full = try ForwardTests.model(.gemma3, contextLength: 32, slots: 2, maxBatchTokens: 3, ring: false)
        var position = 0
        while position < Self.tokens.count {
            let end = min(Self.tokens.count, position + 3)
            let entry = BatchEntry(slot: 0, tokens: Self.tokens[position..<end], startPosition: position, logits: .none)
            _ = try ring.forward([entry])
            _ = try full.forward([entry])
            position = end
        }
        #expect(throws: TransformerError.self) { try ring.copyPrefix(from: 0, to: 1, length: 8) }
        #expect(try ring.length(ofSlot: 1) == 0)
        try ring.copyPrefix(from: 0, to: 1, length: 14)
        try full.copyPrefix(from: 0, to: 1, length: 14)
        let entry = BatchEntry(slot: 1, tokens: [3, 4], startPosition: 14, logits: .last)
        let a = Array(try ring.forward([entry]).row(0))
        #expect(a == Array(try full.forward([entry]).row(0)))
        // The copy inherits the source's limits: slot 1 cannot be truncated below what the ring still holds.
        #expect(throws: TransformerError.self) { try ring.truncate(slot: 1, to: 8) }
    }

    /// Keys and values of every layer for every slot: a full cache is `slots × layers × context × (kw + vw) × 2`
    /// bytes in f16; a ring layer holds `window + batch − 1` rows instead.
    @Test func kvCacheBytesCountsEveryLayerAndSlot() throws {
        let llama = try ForwardTests.model(.llama, contextLength: 16, slots: 2, maxBatchTokens: 8)
        let hp = llama.hyperParameters
        #expect(llama.kvCacheBytes == 2 * hp.layerCount * 16 * (hp.keyWidth + hp.valueWidth) * 2)
        let gemma = try ForwardTests.model(.gemma3, contextLength: 32, slots: 1, maxBatchTokens: 3, ring: true)
        let g = gemma.hyperParameters
        let rows = g.layers.reduce(0) { $0 + ($1.usesSlidingWindow ? g.slidingWindow + 3 - 1 : 32) }
        #expect(g.layers.contains { $0.usesSlidingWindow } && g.layers.contains { !$0.usesSlidingWindow })
        #expect(gemma.kvCacheBytes == rows * (g.keyWidth + g.valueWidth) * 2)
    }
}
