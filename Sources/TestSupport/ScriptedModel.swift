public import Engine
public import InferenceTypes

/// A fake network for engine tests: given the last token and its position it "predicts" `next(token, position)` with
/// a large margin over every other token (whose logits carry a small deterministic pattern, so sampling with
/// temperature has something to choose from). It checks that the engine feeds every slot contiguously from 0 and
/// records what it was asked to do.
///
/// The logits of a row depend only on (token, position), never on batch composition, so a sequence stepped alone or
/// beside others must produce the same tokens.
public final class ScriptedModel: BatchModel {
    public let vocabularySize: Int
    public let contextLength: Int
    public let slotCount: Int
    public let maxBatchTokens: Int
    private let next: @Sendable (TokenID, Int) -> TokenID
    private let logits: UnsafeMutableBufferPointer<Float>  // [maxBatchTokens, vocabularySize] row-major
    /// Tokens currently held by each slot.
    public private(set) var slotLengths: [Int]
    /// Number of `forward` calls and the token rows of each.
    public private(set) var batchSizes: [Int] = []
    /// How many times each slot was reset.
    public private(set) var resets: [Int]
    /// Token ids each slot holds (what its "KV" was computed from), kept through truncation and copies.
    public private(set) var slotContents: [[TokenID]]
    /// Every entry `forward` received: slot, first position and its tokens, in call order.
    public private(set) var fed: [(slot: Int, position: Int, tokens: [TokenID])] = []
    /// Every successful prefix copy: (source, target, length).
    public private(set) var copies: [(source: Int, target: Int, length: Int)] = []
    /// Every successful truncation: (slot, length).
    public private(set) var truncations: [(slot: Int, length: Int)] = []
    /// When set, truncations and copies to a length above it are refused (like a sliding-window ring that lost
    /// old rows).
    public var surgeryLimit: Int?

    public struct PositionError: Error, CustomStringConvertible {
        public let description: String
    }

    public init(
        vocabularySize: Int, contextLength: Int = 256, slotCount: Int = 4, maxBatchTokens: Int = 32,
        next: @escaping @Sendable (TokenID, Int) -> TokenID
    ) {
        self.vocabularySize = vocabularySize
        self.contextLength = contextLength
        self.slotCount = slotCount
        self.maxBatchTokens = maxBatchTokens
        self.next = next
        logits = .allocate(capacity: maxBatchTokens * vocabularySize)
        logits.initialize(repeating: 0)
        slotLengths = [Int](repeating: 0, count: slotCount)
        resets = [Int](repeating: 0, count: slotCount)
        slotContents = [[TokenID]](repeating: [], count: slotCount)
    }

    public func forward(tokens: UnsafeBufferPointer<TokenID>, entries: UnsafeBufferPointer<ForwardEntry>) throws
        -> UnsafeMutableBufferPointer<Float>
    {
        batchSizes.append(entries.reduce(0) { $0 + $1.tokenCount })
        var row = 0
        for e in entries {
            guard e.position == slotLengths[e.slot], e.position + e.tokenCount <= contextLength else {
                throw PositionError(description:
                    "slot \(e.slot) holds \(slotLengths[e.slot]) tokens but entry starts at \(e.position)")
            }
            slotLengths[e.slot] += e.tokenCount
            let entryTokens = Array(tokens[e.tokenOffset..<e.tokenOffset + e.tokenCount])
            slotContents[e.slot] += entryTokens
            fed.append((e.slot, e.position, entryTokens))
            guard e.wantsLogits else { continue }
            let last = tokens[e.tokenOffset + e.tokenCount - 1]
            let pos = e.position + e.tokenCount - 1
            let target = Int(next(last, pos))
            let base = row * vocabularySize
            for v in 0..<vocabularySize {
                // A small pattern in [-3, 0) that depends only on (token, position, v).
                let h = (UInt32(truncatingIfNeeded: v) &* 2_654_435_761) ^ (UInt32(truncatingIfNeeded: Int(last) &* 31 &+ pos))
                logits[base + v] = -3 + Float(h % 1000) / 1000 * 3
            }
            if target >= 0 && target < vocabularySize { logits[base + target] = 8 }
            row += 1
        }
        return UnsafeMutableBufferPointer(rebasing: logits[0..<row * vocabularySize])
    }

    deinit { logits.deallocate() }

    public func resetSlot(_ slot: Int) {
        slotLengths[slot] = 0
        slotContents[slot] = []
        resets[slot] += 1
    }

    public func truncateSlot(_ slot: Int, to length: Int) -> Bool {
        guard length <= slotLengths[slot], length <= (surgeryLimit ?? .max) else { return false }
        slotLengths[slot] = length
        slotContents[slot].removeLast(slotContents[slot].count - length)
        truncations.append((slot, length))
        return true
    }

    public func copySlotPrefix(from source: Int, to target: Int, length: Int) -> Bool {
        guard source != target, length <= slotLengths[source], length <= (surgeryLimit ?? .max) else { return false }
        slotLengths[target] = length
        slotContents[target] = Array(slotContents[source][0..<length])
        copies.append((source, target, length))
        return true
    }

    /// Forgets the call logs (`batchSizes`, `fed`, `copies`, `truncations`), keeping the slots.
    public func clearLogs() {
        batchSizes.removeAll()
        fed.removeAll()
        copies.removeAll()
        truncations.removeAll()
    }
}
