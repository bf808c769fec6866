import Foundation
import GGUF
import InferenceTypes
import TestSupport
import Testing
import Transformer

/// The batch API: validation before any state changes, slot operations, and equivalences that must hold exactly
/// (ring vs full cache, truncate-and-redo, chunked vs whole prefill).
@Suite
struct ForwardTests {
    static func model(
        _ spec: SyntheticModelSpec, contextLength: Int = 16, slots: Int = 2, maxBatchTokens: Int = 8,
        ring: Bool = true
    ) throws -> TransformerModel {
        let file = try GGUFFile(bytes: SyntheticModel.writer(spec).encoded(), name: "synthetic-\(spec)")
        return try TransformerModel(
            file: file,
            options: TransformerOptions(
                contextLength: contextLength, slotCount: slots, maxBatchTokens: maxBatchTokens,
                slidingWindowRing: ring, threadCount: 2))
    }

    static let tokens: [TokenID] = [5, 17, 200, 3, 99, 42, 7, 150, 11, 64, 250, 1, 8, 30, 77, 120]

    @Test func contextOverflowIsCheckedBeforeAnythingChanges() throws {
        let model = try Self.model(.llama, contextLength: 8, maxBatchTokens: 16)
        #expect(throws: TransformerError.contextOverflow(slot: 0, position: 8, limit: 8)) {
            try model.forward([BatchEntry(slot: 0, tokens: Array(Self.tokens[0..<9]), startPosition: 0, logits: .last)])
        }
        #expect(try model.length(ofSlot: 0) == 0)
        _ = try model.forward([BatchEntry(slot: 0, tokens: Array(Self.tokens[0..<8]), startPosition: 0, logits: .last)])
        #expect(try model.length(ofSlot: 0) == 8)
        #expect(throws: TransformerError.contextOverflow(slot: 0, position: 8, limit: 8)) {
            try model.forward([BatchEntry(slot: 0, tokens: [1], startPosition: 8, logits: .last)])
        }
    }

    @Test func invalidBatchesAreRejected() throws {
        let model = try Self.model(.llama)
        #expect(throws: TransformerError.invalidToken(id: 320, vocabularySize: 320)) {
            try model.forward([BatchEntry(slot: 0, tokens: [1, 320], startPosition: 0, logits: .last)])
        }
        #expect(throws: TransformerError.invalidToken(id: -1, vocabularySize: 320)) {
            try model.forward([BatchEntry(slot: 0, tokens: [-1], startPosition: 0, logits: .last)])
        }
        #expect(throws: TransformerError.invalidSlot(slot: 2, slotCount: 2)) {
            try model.forward([BatchEntry(slot: 2, tokens: [1], startPosition: 0, logits: .last)])
        }
        #expect(throws: TransformerError.duplicateSlot(slot: 1)) {
            try model.forward([
                BatchEntry(slot: 1, tokens: [1], startPosition: 0, logits: .last),
                BatchEntry(slot: 1, tokens: [2], startPosition: 1, logits: .last),
            ])
        }
        #expect(throws: TransformerError.emptyEntry(slot: 0)) {
            try model.forward([BatchEntry(slot: 0, tokens: [], startPosition: 0, logits: .last)])
        }
        #expect(throws: TransformerError.positionMismatch(slot: 0, expected: 0, actual: 3)) {
            try model.forward([BatchEntry(slot: 0, tokens: [1], startPosition: 3, logits: .last)])
        }
        #expect(throws: TransformerError.batchTooLarge(tokens: 9, limit: 8)) {
            try model.forward([
                BatchEntry(slot: 0, tokens: Array(Self.tokens[0..<5]), startPosition: 0, logits: .last),
                BatchEntry(slot: 1, tokens: Array(Self.tokens[0..<4]), startPosition: 0, logits: .last),
            ])
        }
        #expect(try model.length(ofSlot: 0) == 0 && model.length(ofSlot: 1) == 0, "failed batches change nothing")
        let output = try model.forward([])
        #expect(output.rowCount == 0)
    }

    @Test func logitsRowsFollowEntries() throws {
        let model = try Self.model(.qwen2)
        let output = try model.forward([
            BatchEntry(slot: 0, tokens: Array(Self.tokens[0..<3]), startPosition: 0, logits: .all),
            BatchEntry(slot: 1, tokens: Array(Self.tokens[3..<6]), startPosition: 0, logits: .none),
        ])
        #expect(output.rowCount == 3 && output.vocabularySize == 300 && output.logits.count == 900)
        #expect(try model.length(ofSlot: 1) == 3)
    }

    /// A prompt fed whole or in chunks gives the same last logits up to rounding: llama.cpp (and so we) pick some
    /// kernels by the number of rows in a batch, so chunks may round differently, never more.
    @Test(arguments: SyntheticModelSpec.all)
    func chunkingChangesOnlyRounding(spec: SyntheticModelSpec) throws {
        let model = try Self.model(spec)
        let prompt = Array(Self.tokens[0..<7])
        let whole = Array(try model.forward([BatchEntry(slot: 0, tokens: prompt, startPosition: 0, logits: .last)]).row(0))
        var last: [Float] = []
        for (start, end) in [(0, 3), (3, 4), (4, 7)] {
            let out = try model.forward([BatchEntry(slot: 1, tokens: prompt[start..<end], startPosition: start, logits: .last)])
            last = Array(out.row(0))
        }
        let error = last.withUnsafeBufferPointer { relativeError($0, whole) }
        #expect(error <= 3e-2, "\(spec): chunked prefill off by \(error)")
    }

    /// The same batches give the same logits, bit for bit, whatever else shares the pass.
    @Test(arguments: SyntheticModelSpec.all)
    func identicalBatchesAreBitIdentical(spec: SyntheticModelSpec) throws {
        let model = try Self.model(spec)
        let prompt = Array(Self.tokens[0..<5])
        let first = Array(try model.forward([BatchEntry(slot: 0, tokens: prompt, startPosition: 0, logits: .all)]).logits)
        let second = Array(try model.forward([BatchEntry(slot: 1, tokens: prompt, startPosition: 0, logits: .all)]).logits)
        #expect(first == second)
    }

    /// Truncating a slot and feeding a different suffix gives what a fresh slot gives.
    @Test func truncateThenReuse() throws {
        let model = try Self.model(.qwen3)
        let first = Array(Self.tokens[0..<8])
        var second = Array(Self.tokens[0..<5])
        second += [9, 10, 12]
        // The same batch shapes on both paths (5 rows, then 3), so the results are bit-identical.
        _ = try model.forward([BatchEntry(slot: 0, tokens: first[0..<5], startPosition: 0, logits: .none)])
        _ = try model.forward([BatchEntry(slot: 0, tokens: first[5...], startPosition: 5, logits: .none)])
        try model.truncate(slot: 0, to: 5)
        #expect(try model.length(ofSlot: 0) == 5)
        let reused = Array(try model.forward([BatchEntry(slot: 0, tokens: second[5...], startPosition: 5, logits: .last)]).row(0))
        _ = try model.forward([BatchEntry(slot: 1, tokens: second[0..<5], startPosition: 0, logits: .none)])
        let fresh = Array(try model.forward([BatchEntry(slot: 1, tokens: second[5...], startPosition: 5, logits: .last)]).row(0))
        #expect(reused == fresh)
        #expect(throws: TransformerError.truncationUnavailable(slot: 0, length: 9, reason: "the slot holds only 8 positions")) {
            try model.truncate(slot: 0, to: 9)
        }
        try model.clear(slot: 0)
        #expect(try model.length(ofSlot: 0) == 0)
    }

    /// Gemma's local layers keep a ring of window + batch positions; results equal the full cache's exactly, and a
    /// truncation that would need overwritten positions is refused.
    @Test func slidingWindowRingMatchesFullCache() throws {
        let ring = try Self.model(.gemma3, contextLength: 32, slots: 1, maxBatchTokens: 3, ring: true)
        let full = try Self.model(.gemma3, contextLength: 32, slots: 1, maxBatchTokens: 3, ring: false)
        var position = 0
        while position < Self.tokens.count {
            let end = min(Self.tokens.count, position + 3)
            let entry = BatchEntry(slot: 0, tokens: Self.tokens[position..<end], startPosition: position, logits: .all)
            let a = Array(try ring.forward([entry]).logits)
            let b = Array(try full.forward([entry]).logits)
            #expect(a == b, "positions \(position)..<\(end)")
            position = end
        }
        // Ring of 4 + 3 − 1 = 6 rows; 16 positions written, so positions below 10 are gone.
        #expect(throws: TransformerError.self) { try ring.truncate(slot: 0, to: 8) }
        try ring.truncate(slot: 0, to: 14)
        try full.truncate(slot: 0, to: 14)
        let entry = BatchEntry(slot: 0, tokens: [3, 4], startPosition: 14, logits: .last)
        #expect(Array(try ring.forward([entry]).row(0)) == Array(try full.forward([entry]).row(0)))
    }
}
