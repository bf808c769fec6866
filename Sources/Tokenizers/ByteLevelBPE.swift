import InferenceTypes

/// Byte-level BPE (`tokenizer.ggml.model = gpt2`) on one pre-tokenized word, as llama.cpp's `llm_tokenizer_bpe`:
/// the word's bytes become GPT-2 byte-unicode symbols, the adjacent pair with the lowest merge rank (leftmost on a
/// tie) is merged until no pair has a rank, and each final symbol is looked up in the vocabulary.
///
/// Symbols are ids in ``symbols``: the vocabulary's strings first (so a symbol id below ``vocabularyCount`` is that
/// token), then strings that occur only in merges. A final symbol that is not a token falls back to its single ASCII
/// characters, exactly as llama.cpp does.
struct ByteLevelBPE: Sendable {
    /// Vocabulary strings (ids = token ids) followed by merge-only strings, all in byte-unicode form.
    let symbols: ByteStringTable
    /// Number of vocabulary entries at the start of ``symbols``.
    let vocabularyCount: Int
    /// `(left symbol, right symbol)` → `rank << 32 | merged symbol`; the first occurrence of a pair wins.
    let merges: PairTable
    /// Symbol of each raw byte's byte-unicode character. [256]
    let byteSymbols: [Int32]
    /// Token of each one-character ASCII string, or -1. [128]
    let asciiTokens: [Int32]
    /// llama.cpp's `ignore_merges`: a word that is a vocabulary entry as a whole is emitted directly.
    let ignoresMerges: Bool

    /// Words longer than this many bytes are merged with a heap; shorter ones with a rank array scan.
    static let heapThreshold = 48

    /// Builds the merge table from `tokenizer.ggml.merges` (`"left right"` strings in rank order).
    init(vocabulary: Vocabulary, merges mergeStrings: [String], ignoresMerges: Bool) {
        var symbols = vocabulary.strings
        let vocabularyCount = vocabulary.count
        var merges = PairTable(expectedCount: mergeStrings.count)
        for (rank, merge) in mergeStrings.enumerated() {
            let bytes = Array(merge.utf8)
            // llama.cpp splits at the first space after the first byte; a line without one pairs two empty
            // strings, which can never match a symbol, so it is skipped.
            guard bytes.count > 1, let space = bytes[1...].firstIndex(of: 0x20) else { continue }
            let left = symbols.insert(Array(bytes[..<space])).id
            let right = symbols.insert(Array(bytes[(space + 1)...])).id
            let merged = symbols.insert(Array(bytes[..<space]) + Array(bytes[(space + 1)...])).id
            merges.insertIfAbsent(left, right, UInt64(rank) << 32 | UInt64(UInt32(bitPattern: merged)))
        }
        var byteSymbols = [Int32](repeating: 0, count: 256)
        for byte in 0..<256 {
            byteSymbols[byte] = symbols.insert(ByteUnicode.utf8ForByte[byte]).id
        }
        self.asciiTokens = (0..<128).map { byte in
            let id = vocabulary.strings.find([UInt8(byte)])
            return id
        }
        self.symbols = symbols
        self.vocabularyCount = vocabularyCount
        self.merges = merges
        self.byteSymbols = byteSymbols
        self.ignoresMerges = ignoresMerges
    }

    /// Rank and merged symbol of a pair, or nil when the pair does not merge.
    @inline(__always)
    func merge(_ left: Int32, _ right: Int32) -> (rank: Int32, merged: Int32)? {
        guard let value = merges.value(left, right) else { return nil }
        return (Int32(truncatingIfNeeded: value >> 32), Int32(truncatingIfNeeded: value & 0xFFFF_FFFF))
    }

    /// Appends the tokens of one word (raw UTF-8 bytes) to `output`.
    func encodeWord(_ word: UnsafeBufferPointer<UInt8>, scratch: inout BPEScratch, output: inout [TokenID]) {
        let n = word.count
        guard n > 0 else { return }
        if ignoresMerges {
            scratch.encoded.removeAll(keepingCapacity: true)
            for byte in word { scratch.encoded.append(contentsOf: ByteUnicode.utf8ForByte[Int(byte)]) }
            let id = scratch.encoded.withUnsafeBufferPointer { symbols.find($0) }
            if id >= 0 && Int(id) < vocabularyCount {
                output.append(id)
                return
            }
        }
        scratch.reset(count: n)
        for i in 0..<n { scratch.ids[i] = byteSymbols[Int(word[i])] }
        if n > 1 {
            if n > Self.heapThreshold { mergeWithHeap(n, &scratch) } else { mergeWithScan(n, &scratch) }
        }
        var i: Int32 = 0
        while i >= 0 {
            emit(scratch.ids[Int(i)], &output)
            i = scratch.next[Int(i)]
        }
    }

    /// Appends a final symbol: itself if it is a token, else its one-character ASCII tokens (llama.cpp's fallback).
    @inline(__always)
    private func emit(_ symbol: Int32, _ output: inout [TokenID]) {
        if Int(symbol) < vocabularyCount {
            output.append(symbol)
            return
        }
        for byte in symbols.bytes(symbol) where byte < 0x80 {
            let token = asciiTokens[Int(byte)]
            if token >= 0 { output.append(token) }
        }
    }

    /// Short words: keep the rank of each adjacent pair in an array and rescan it after every merge.
    private func mergeWithScan(_ n: Int, _ s: inout BPEScratch) {
        for i in 0..<(n - 1) {
            s.ranks[i] = merge(s.ids[i], s.ids[i + 1])?.rank ?? Int32.max
        }
        s.ranks[n - 1] = Int32.max
        while true {
            var best: Int32 = -1
            var bestRank = Int32.max
            var i: Int32 = 0
            while i >= 0 {
                let r = s.ranks[Int(i)]
                if r < bestRank {
                    bestRank = r
                    best = i
                }
                i = s.next[Int(i)]
            }
            guard best >= 0 else { return }
            let b = Int(best)
            let right = Int(s.next[b])
            s.ids[b] = merge(s.ids[b], s.ids[right])?.merged ?? s.ids[b]
            let after = s.next[right]
            s.next[b] = after
            if after >= 0 { s.prev[Int(after)] = best }
            s.ranks[b] = after >= 0 ? (merge(s.ids[b], s.ids[Int(after)])?.rank ?? Int32.max) : Int32.max
            let before = s.prev[b]
            if before >= 0 { s.ranks[Int(before)] = merge(s.ids[Int(before)], s.ids[b])?.rank ?? Int32.max }
        }
    }

    /// Long words: a min-heap of `(rank, left position)` with stale entries skipped when popped.
    private func mergeWithHeap(_ n: Int, _ s: inout BPEScratch) {
        s.heap.removeAll(keepingCapacity: true)
        for i in 0..<(n - 1) {
            if let m = merge(s.ids[i], s.ids[i + 1]) { s.heap.push(rank: m.rank, left: Int32(i)) }
        }
        while let (rank, left) = s.heap.pop() {
            let l = Int(left)
            guard s.alive[l] else { continue }
            let right = s.next[l]
            guard right >= 0, let m = merge(s.ids[l], s.ids[Int(right)]), m.rank == rank else { continue }
            s.ids[l] = m.merged
            s.alive[Int(right)] = false
            let after = s.next[Int(right)]
            s.next[l] = after
            if after >= 0 { s.prev[Int(after)] = left }
            let before = s.prev[l]
            if before >= 0, let p = merge(s.ids[Int(before)], s.ids[l]) { s.heap.push(rank: p.rank, left: before) }
            if after >= 0, let q = merge(s.ids[l], s.ids[Int(after)]) { s.heap.push(rank: q.rank, left: left) }
        }
    }

    /// Plain reference: repeatedly merge the lowest-ranked leftmost pair of an array. Used to test the fast paths.
    func referenceSymbols(_ word: [UInt8]) -> [Int32] {
        var ids = word.map { byteSymbols[Int($0)] }
        while ids.count > 1 {
            var best = -1
            var bestRank = Int32.max
            var merged: Int32 = 0
            for i in 0..<(ids.count - 1) {
                if let m = merge(ids[i], ids[i + 1]), m.rank < bestRank {
                    bestRank = m.rank
                    best = i
                    merged = m.merged
                }
            }
            if best < 0 { break }
            ids[best] = merged
            ids.remove(at: best + 1)
        }
        return ids
    }

    /// The final symbols of the fast path, for tests against ``referenceSymbols(_:)``.
    func fastSymbols(_ word: [UInt8], forceHeap: Bool) -> [Int32] {
        var s = BPEScratch()
        s.reset(count: word.count)
        for (i, byte) in word.enumerated() { s.ids[i] = byteSymbols[Int(byte)] }
        if word.count > 1 {
            if forceHeap { mergeWithHeap(word.count, &s) } else { mergeWithScan(word.count, &s) }
        }
        var out: [Int32] = []
        var i: Int32 = word.isEmpty ? -1 : 0
        while i >= 0 {
            out.append(s.ids[Int(i)])
            i = s.next[Int(i)]
        }
        return out
    }
}

/// Reusable per-call buffers of ``ByteLevelBPE``: a doubly linked list of symbols and the merge heap.
struct BPEScratch {
    /// Symbol at each position. [n]
    var ids: [Int32] = []
    /// Previous live position, or -1. [n]
    var prev: [Int32] = []
    /// Next live position, or -1. [n]
    var next: [Int32] = []
    /// Rank of the pair starting at each position (scan path). [n]
    var ranks: [Int32] = []
    /// Whether a position still holds a symbol (heap path). [n]
    var alive: [Bool] = []
    /// Pending merges (heap path).
    var heap = RankHeap()
    /// The word in byte-unicode form (ignore-merges lookup).
    var encoded: [UInt8] = []

    /// Prepares a linked list of `count` positions.
    mutating func reset(count: Int) {
        if ids.count < count {
            ids = [Int32](repeating: 0, count: count)
            prev = ids
            next = ids
            ranks = ids
            alive = [Bool](repeating: true, count: count)
        }
        for i in 0..<count {
            prev[i] = Int32(i - 1)
            next[i] = i + 1 < count ? Int32(i + 1) : -1
            alive[i] = true
        }
    }
}

/// Binary min-heap of `(rank, left position)` packed into one `UInt64` (rank high, position low), so the order is
/// rank first and leftmost on a tie, as in llama.cpp's `llm_bigram_bpe::comparator`.
struct RankHeap {
    private var items: [UInt64] = []

    /// Removes all entries, keeping storage.
    mutating func removeAll(keepingCapacity: Bool) { items.removeAll(keepingCapacity: keepingCapacity) }

    /// Adds an entry.
    mutating func push(rank: Int32, left: Int32) {
        items.append(UInt64(UInt32(bitPattern: rank)) << 32 | UInt64(UInt32(bitPattern: left)))
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= items[i] { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes and returns the smallest entry.
    mutating func pop() -> (Int32, Int32)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            let n = items.count
            while true {
                let l = 2 * i + 1
                if l >= n { break }
                var m = l
                if l + 1 < n && items[l + 1] < items[l] { m = l + 1 }
                if items[i] <= items[m] { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return (Int32(truncatingIfNeeded: top >> 32), Int32(truncatingIfNeeded: top & 0xFFFF_FFFF))
    }
}
