import InferenceTypes
import Sampling
import Tokenizers

/// The engine's single-threaded heart: admits sequences into free slots (reusing cached prompt prefixes, see
/// `EngineCore+Admission.swift`), plans each batch, runs it, samples, and ends sequences. Driven by `Engine`'s
/// thread, one `step()` at a time.
///
/// - Important: not thread-safe by design; only the engine thread calls it.
final class EngineCore {
    let model: any BatchModel
    let tokenizer: Tokenizer
    /// `[vocabularySize]` the tokens a DRY repeat never spans (``DRYBreakers``), found once per model.
    let sequenceBreakers: [Bool]
    let planner: BatchPlanner
    /// Whether released slots keep their keys and values for later prompts sharing a prefix (``PromptCache``).
    let promptCacheEnabled: Bool
    /// What every slot holds (kept up to date even when reuse is off; it costs one append per fed token).
    var promptCache: PromptCache
    var freeSlots: [Int]
    var waiting: [SequenceRuntime] = []
    private(set) var active: [SequenceRuntime] = []
    // Reused every step so that a decode step allocates nothing for the batch itself.
    // [maxBatchTokens] token ids of the batch, entry after entry.
    private var tokens: [TokenID] = []
    // [slotCount] the batch's entries (at most one per active sequence).
    private var entries: [ForwardEntry] = []
    // [slotCount] the planner's output for this step.
    private var planned: [BatchPlanner.Planned] = []

    init(model: any BatchModel, tokenizer: Tokenizer, promptCache: Bool = true) {
        self.model = model
        self.tokenizer = tokenizer
        sequenceBreakers = DRYBreakers.flags(count: tokenizer.vocabularySize, bytes: tokenizer.tokenBytes)
        promptCacheEnabled = promptCache
        self.promptCache = PromptCache(slotCount: model.slotCount, contextLength: model.contextLength)
        planner = BatchPlanner(maxBatchTokens: model.maxBatchTokens)
        freeSlots = Array((0..<model.slotCount).reversed())
        tokens.reserveCapacity(model.maxBatchTokens)
        entries.reserveCapacity(model.slotCount)
        planned.reserveCapacity(model.slotCount)
        active.reserveCapacity(model.slotCount)
    }

    /// Admissions that reused a cached prefix, and the prompt tokens they skipped (for ``statistics``).
    var promptCacheHits = 0
    var promptCacheReusedTokens = 0

    var hasWork: Bool { !waiting.isEmpty || !active.isEmpty }

    /// The engine's load now.
    var statistics: EngineStatistics {
        var s = EngineStatistics()
        s.waiting = waiting.count
        s.running = active.count
        s.slots = model.slotCount
        s.cachedTokens = promptCache.contents.reduce(0) { $0 + $1.count }
        s.kvBytesPerToken = model.kvBytesPerToken
        s.promptCacheHits = promptCacheHits
        s.promptCacheReusedTokens = promptCacheReusedTokens
        return s
    }
    var waitingCount: Int { waiting.count }

    func enqueue(_ s: SequenceRuntime) { waiting.append(s) }

    /// Adds an admitted sequence to the running set.
    func activate(_ s: SequenceRuntime) { active.append(s) }

    /// Ends sequence `id` wherever it is, freeing its slot now.
    func cancel(_ id: UInt64) {
        if let i = waiting.firstIndex(where: { $0.id == id }) {
            waiting.remove(at: i).finish(.cancelled)
        } else if let i = active.firstIndex(where: { $0.id == id }) {
            end(at: i, .cancelled)
        }
    }

    /// Ends every sequence (shutdown or model failure).
    func failAll(_ error: any Error) {
        for s in waiting + active { s.continuation.finish(throwing: error) }
        for s in active { release(s.slot) }
        waiting.removeAll()
        active.removeAll()
        // After a failed pass no slot's contents are trusted.
        for slot in 0..<model.slotCount {
            model.resetSlot(slot)
            promptCache.clear(slot: slot)
        }
    }

    /// Frees `slot`. With the prompt cache on, its keys and values stay for a later prompt with the same prefix.
    private func release(_ slot: Int) {
        guard slot >= 0 else { return }
        if !promptCacheEnabled {
            model.resetSlot(slot)
            promptCache.clear(slot: slot)
        }
        promptCache.touch(slot)
        freeSlots.append(slot)
    }

    private func end(at index: Int, _ reason: EngineFinishReason) {
        let s = active.remove(at: index)
        release(s.slot)
        s.finish(reason)
    }

    /// Admits, runs one batch, samples. Returns false when there was nothing to run.
    @discardableResult
    func step() throws -> Bool {
        admitWaiting()
        // A lazy view: no array of phases is built.
        planner.plan(active.lazy.map { $0.phase }, into: &planned)
        guard !planned.isEmpty else { return false }
        tokens.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        for p in planned {
            let s = active[p.index]
            let offset = tokens.count
            if p.isPrefill {
                tokens.append(contentsOf: s.request.prompt[p.from..<p.from + p.count])
            } else {
                tokens.append(s.pendingToken)
            }
            entries.append(ForwardEntry(slot: s.slot, tokenOffset: offset, tokenCount: p.count, position: p.position,
                wantsLogits: p.wantsLogits))
        }
        let logits = try tokens.withUnsafeBufferPointer { t in
            try entries.withUnsafeBufferPointer { e in try model.forward(tokens: t, entries: e) }
        }
        let vocab = model.vocabularySize
        var row = 0
        var finished: [(UInt64, EngineFinishReason)] = []
        var failed: [(UInt64, SamplingError)] = []
        for p in planned {
            let s = active[p.index]
            if p.isPrefill {
                s.phase = .prefill(done: p.from + p.count, total: s.request.prompt.count)
                promptCache.append(slot: s.slot, s.request.prompt[p.from..<p.from + p.count])
            } else {
                promptCache.append(slot: s.slot, s.pendingToken)
            }
            guard p.wantsLogits else { continue }
            let rowLogits = UnsafeMutableBufferPointer(rebasing: logits[row * vocab..<(row + 1) * vocab])
            row += 1
            do {
                if let reason = try s.consume(logits: rowLogits, nextPosition: p.position + p.count,
                    contextLength: model.contextLength)
                {
                    finished.append((s.id, reason))
                }
            } catch {
                // A sampling failure ends this sequence only; the others keep running.
                failed.append((s.id, error))
            }
        }
        for (id, reason) in finished {
            if let i = active.firstIndex(where: { $0.id == id }) { end(at: i, reason) }
        }
        for (id, error) in failed {
            if let i = active.firstIndex(where: { $0.id == id }) {
                let s = active.remove(at: i)
                release(s.slot)
                s.continuation.finish(throwing: EngineError.modelFailure(error.description))
            }
        }
        return true
    }
}
