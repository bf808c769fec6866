import InferenceTypes

/// Admission with prompt-prefix reuse.
///
/// A waiting sequence takes a free slot, starting after the longest prefix of its prompt whose keys and values are
/// already computed somewhere:
/// - in a free slot (a finished or cancelled sequence's prompt and output, e.g. the previous chat turn): that slot is
///   truncated to the common prefix and reused in place (ties: the least recently used slot);
/// - in an active slot (a sibling with the same prompt, OpenAI `n` > 1): the prefix is copied into the least
///   recently used free slot.
/// At most `prompt.count − 1` tokens are reused: the last prompt token must be fed to get the first logits.
/// A sequence whose prompt shares a longer prefix with one still being prefilled (its "leader") waits until the
/// leader's prefill has passed the shared length and then copies, instead of prefilling the same tokens twice in
/// parallel; it waits at most ``followerWaitLimit(promptCount:)`` steps, so nothing starves. Other waiting
/// sequences are admitted past it meanwhile.
extension EngineCore {
    /// Fewest tokens a leader must share with a waiting prompt beyond what a free slot offers, for it to wait.
    static let followerMinimumGain = 16

    /// Most steps a follower waits for its leader: twice the steps a prefill of its prompt takes at full batch.
    func followerWaitLimit(promptCount: Int) -> Int {
        2 * (promptCount / max(1, model.maxBatchTokens) + 1)
    }

    /// Where a waiting sequence starts.
    enum Placement: Equatable {
        /// Prefill from scratch in `slot`.
        case cold(slot: Int)
        /// Keep the first `length` positions of free slot `slot`.
        case reuse(slot: Int, length: Int)
        /// Copy the first `length` positions of active slot `source` into free slot `target`.
        case copy(source: Int, target: Int, length: Int)
        /// Wait for a leader still prefilling the shared prefix.
        case wait
    }

    /// Admits waiting sequences, in arrival order, while slots are free. Allocates nothing when nobody waits.
    func admitWaiting() {
        var i = 0
        while i < waiting.count, !freeSlots.isEmpty {
            let s = waiting[i]
            let placement = place(s)
            guard placement != .wait else {
                s.waitedSteps += 1
                i += 1
                continue
            }
            waiting.remove(at: i)
            admit(s, placement)
        }
    }

    /// Chooses where `s` starts.
    func place(_ s: SequenceRuntime) -> Placement {
        let prompt = s.request.prompt
        guard promptCacheEnabled else { return .cold(slot: freeSlots[freeSlots.count - 1]) }
        let limit = prompt.count - 1
        let scope = s.request.cacheScope
        var bestFree = -1, bestFreeLength = 0
        // Only slots filled within the same scope are candidates: another scope's prefix is never reused.
        for f in freeSlots where promptCache.scopes[f] == scope {
            let k = promptCache.commonPrefix(slot: f, with: prompt, limit: limit)
            if k > bestFreeLength || (k == bestFreeLength && k > 0 && promptCache.isOlder(f, than: bestFree)) {
                bestFree = f
                bestFreeLength = k
            }
        }
        var bestActive = -1, bestActiveLength = 0, leaderLength = 0
        for a in active where a.request.cacheScope == scope {
            let k = promptCache.commonPrefix(slot: a.slot, with: prompt, limit: limit)
            if k > bestActiveLength {
                bestActive = a.slot
                bestActiveLength = k
            }
            if case .prefill = a.phase {
                leaderLength = max(leaderLength, PromptCache.commonPrefix(a.request.prompt, prompt, limit: limit))
            }
        }
        let have = max(bestFreeLength, bestActiveLength)
        // Worth waiting when a leader will hold notably more than any free slot does; then keep waiting until it
        // holds all of the shared prefix (or the bound is reached).
        if leaderLength > have, leaderLength >= bestFreeLength + Self.followerMinimumGain,
            s.waitedSteps < followerWaitLimit(promptCount: prompt.count)
        {
            return .wait
        }
        if bestActiveLength > bestFreeLength, let target = promptCache.leastRecentlyUsed(among: freeSlots) {
            return .copy(source: bestActive, target: target, length: bestActiveLength)
        }
        if bestFreeLength > 0 { return .reuse(slot: bestFree, length: bestFreeLength) }
        return .cold(slot: promptCache.leastRecentlyUsed(among: freeSlots) ?? freeSlots[freeSlots.count - 1])
    }

    /// Puts `s` into its slot as `placement` says (falling back to a cold start when the model refuses a truncation
    /// or copy) and starts its prefill after the reused prefix.
    func admit(_ s: SequenceRuntime, _ placement: Placement) {
        var slot: Int
        var reused = 0
        switch placement {
        case .cold(let target):
            slot = target
        case .wait:
            slot = freeSlots[freeSlots.count - 1]
        case .reuse(let target, let length):
            slot = target
            if model.truncateSlot(target, to: length) {
                promptCache.truncate(slot: target, to: length)
                reused = length
            }
        case .copy(let source, let target, let length):
            slot = target
            if model.copySlotPrefix(from: source, to: target, length: length) {
                promptCache.copy(from: source, to: target, length: length)
                reused = length
            }
        }
        if reused == 0 {
            model.resetSlot(slot)
            promptCache.clear(slot: slot)
        }
        if let i = freeSlots.firstIndex(of: slot) { freeSlots.remove(at: i) }
        promptCache.touch(slot)
        promptCache.setScope(s.request.cacheScope, slot: slot)
        s.slot = slot
        s.cachedPromptTokens = reused
        if reused > 0 {
            promptCacheHits += 1
            promptCacheReusedTokens += reused
        }
        s.phase = .prefill(done: reused, total: s.request.prompt.count)
        activate(s)
        s.continuation.yield(.started(promptTokens: s.request.prompt.count))
    }
}
