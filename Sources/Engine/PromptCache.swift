import InferenceTypes

/// What every KV slot holds, as token ids, so that a new prompt can pick up the keys and values an earlier or a
/// sibling sequence already computed (llama.cpp's `cache_prompt`, vLLM's prefix caching).
///
/// A slot's record is exactly the tokens fed into it since it was last reset: prompt chunks and fed generated
/// tokens, appended after each successful forward pass. Released slots keep their record (and their KV rows) until
/// a new sequence reuses or evicts them.
///
/// - Important: owned by the engine thread. Appending never allocates: every record reserves `contextLength` ids
///   at init, and no slot ever holds more.
struct PromptCache {
    /// Per slot, the token ids whose keys and values the slot holds. `[slotCount][≤ contextLength]`.
    private(set) var contents: [[TokenID]]
    /// Per slot, the clock value of its last use (admission or release); smaller = less recently used.
    private var lastUsed: [UInt64]
    /// Per slot, the cache scope of the sequence that filled it (`SequenceRequest.cacheScope`).
    private(set) var scopes: [String?]
    private var clock: UInt64 = 0

    init(slotCount: Int, contextLength: Int) {
        contents = (0..<slotCount).map { _ in
            var a: [TokenID] = []
            a.reserveCapacity(contextLength)
            return a
        }
        lastUsed = Array(repeating: 0, count: slotCount)
        scopes = Array(repeating: nil, count: slotCount)
    }

    /// Records whose scope `slot`'s contents now belong to.
    mutating func setScope(_ scope: String?, slot: Int) {
        scopes[slot] = scope
    }

    /// Length of the common prefix of `slot`'s record and `prompt`, at most `limit`. Builds no array.
    func commonPrefix(slot: Int, with prompt: [TokenID], limit: Int) -> Int {
        Self.commonPrefix(contents[slot], prompt, limit: limit)
    }

    /// Length of the common prefix of `a` and `b`, at most `limit`.
    static func commonPrefix(_ a: [TokenID], _ b: [TokenID], limit: Int) -> Int {
        let n = min(a.count, b.count, limit)
        var i = 0
        while i < n && a[i] == b[i] { i += 1 }
        return i
    }

    /// Among `slots`, the least recently used one (ties: the later one in `slots`); nil when `slots` is empty.
    func leastRecentlyUsed(among slots: [Int]) -> Int? {
        var best: Int?
        for s in slots where best.map({ lastUsed[s] <= lastUsed[$0] }) ?? true { best = s }
        return best
    }

    /// Whether `a` was used less recently than `b`.
    func isOlder(_ a: Int, than b: Int) -> Bool { lastUsed[a] < lastUsed[b] }

    /// Marks `slot` as used now.
    mutating func touch(_ slot: Int) {
        clock += 1
        lastUsed[slot] = clock
    }

    /// Records that `tokens` were fed into `slot`.
    mutating func append(slot: Int, _ tokens: ArraySlice<TokenID>) {
        contents[slot].append(contentsOf: tokens)
    }

    /// Records that `token` was fed into `slot`.
    mutating func append(slot: Int, _ token: TokenID) {
        contents[slot].append(token)
    }

    /// Records that `slot` now holds only its first `length` tokens.
    mutating func truncate(slot: Int, to length: Int) {
        contents[slot].removeLast(contents[slot].count - length)
    }

    /// Records that `slot` was emptied.
    mutating func clear(slot: Int) {
        contents[slot].removeAll(keepingCapacity: true)
    }

    /// Records that `target` now holds the first `length` tokens of `source`.
    mutating func copy(from source: Int, to target: Int, length: Int) {
        let prefix = contents[source][0..<length]
        contents[target].removeAll(keepingCapacity: true)
        contents[target].append(contentsOf: prefix)
    }
}
