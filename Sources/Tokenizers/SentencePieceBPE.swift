import InferenceTypes

/// SentencePiece BPE from scores (`tokenizer.ggml.model = llama`, Gemma), as llama.cpp's `llm_tokenizer_spm`:
/// the text (spaces already escaped to `▁`) starts as one symbol per UTF-8 character; the adjacent
/// pair whose concatenation is a vocabulary entry with the highest score (leftmost on a tie) is merged until no pair
/// is a token; a final symbol that is not a token becomes byte-fallback tokens `<0xNN>`.
struct SentencePieceBPE: Sendable {
    /// Token of each byte: `<0xNN>`, else the one-byte string, else -1 (llama.cpp's `byte_to_token`). [256]
    let byteTokens: [Int32]

    /// Prepares byte fallback for a vocabulary.
    init(vocabulary: Vocabulary) {
        let hex = Array("0123456789ABCDEF".utf8)
        byteTokens = (0..<256).map { byte in
            let name: [UInt8] = [0x3C, 0x30, 0x78, hex[byte >> 4], hex[byte & 15], 0x3E]  // <0xNN>
            let id = vocabulary.strings.find(name)
            return id >= 0 ? id : vocabulary.strings.find([UInt8(byte)])
        }
    }

    /// Appends the tokens of `text` (UTF-8 with spaces already replaced by `▁`) to `output`.
    func encode(_ text: UnsafeBufferPointer<UInt8>, vocabulary: Vocabulary, scratch s: inout SPMScratch,
                output: inout [TokenID]) {
        guard let base = text.baseAddress, !text.isEmpty else { return }
        s.reset()
        var offset = 0
        while offset < text.count {
            let length = min(Self.utf8Length(text[offset]), text.count - offset)
            s.start.append(Int32(offset))
            s.length.append(Int32(length))
            s.token.append(-2)
            offset += length
        }
        let n = s.start.count
        for i in 0..<n {
            s.prev.append(Int32(i - 1))
            s.next.append(i + 1 < n ? Int32(i + 1) : -1)
        }
        let strings = vocabulary.strings
        let scores = vocabulary.scores

        func tryAddBigram(_ left: Int32, _ right: Int32, _ s: inout SPMScratch) {
            guard left >= 0, right >= 0 else { return }
            let size = Int(s.length[Int(left)] + s.length[Int(right)])
            let id = strings.find(base + Int(s.start[Int(left)]), size)
            guard id >= 0 else { return }
            s.heap.push(SPMBigram(score: scores[Int(id)], left: left, right: right, size: Int32(size), token: id))
        }

        for i in 1..<max(n, 1) { tryAddBigram(Int32(i - 1), Int32(i), &s) }
        while let bigram = s.heap.pop() {
            let l = Int(bigram.left)
            let r = Int(bigram.right)
            guard s.length[l] > 0, s.length[r] > 0, s.length[l] + s.length[r] == bigram.size else { continue }
            s.length[l] += s.length[r]
            s.length[r] = 0
            s.token[l] = bigram.token
            s.next[l] = s.next[r]
            if s.next[r] >= 0 { s.prev[Int(s.next[r])] = bigram.left }
            tryAddBigram(s.prev[l], bigram.left, &s)
            tryAddBigram(bigram.left, s.next[l], &s)
        }

        var i: Int32 = 0
        while i >= 0 {
            let index = Int(i)
            var token = s.token[index]
            if token == -2 { token = strings.find(base + Int(s.start[index]), Int(s.length[index])) }
            if token >= 0 {
                output.append(token)
            } else {
                for k in 0..<Int(s.length[index]) {
                    let fallback = byteTokens[Int(text[Int(s.start[index]) + k])]
                    if fallback >= 0 { output.append(fallback) }
                }
            }
            i = s.next[index]
        }
    }

    /// Byte length of the UTF-8 sequence a lead byte starts (llama.cpp's `unicode_len_utf8`).
    @inline(__always)
    static func utf8Length(_ byte: UInt8) -> Int {
        switch byte >> 4 {
        case 0xC, 0xD: return 2
        case 0xE: return 3
        case 0xF: return 4
        default: return 1
        }
    }
}

/// A candidate merge of two adjacent symbols.
struct SPMBigram {
    /// Score of the merged token (higher merges first).
    var score: Float
    /// Left symbol index (lower merges first on equal scores).
    var left: Int32
    /// Right symbol index.
    var right: Int32
    /// Byte length of the merged text, to detect stale entries.
    var size: Int32
    /// The merged token.
    var token: Int32

    /// Heap order of llama.cpp's `llm_bigram_spm::comparator`: higher score first, then lower left index.
    @inline(__always)
    func comesBefore(_ other: SPMBigram) -> Bool {
        score > other.score || (score == other.score && left < other.left)
    }
}

/// Binary heap of ``SPMBigram`` ordered by ``SPMBigram/comesBefore(_:)``.
struct SPMHeap {
    private var items: [SPMBigram] = []

    /// Removes all entries, keeping storage.
    mutating func removeAll() { items.removeAll(keepingCapacity: true) }

    /// Adds an entry.
    mutating func push(_ item: SPMBigram) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !items[i].comesBefore(items[parent]) { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    /// Removes and returns the first entry.
    mutating func pop() -> SPMBigram? {
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
                if l + 1 < n && items[l + 1].comesBefore(items[l]) { m = l + 1 }
                if !items[m].comesBefore(items[i]) { break }
                items.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}

/// Reusable per-call buffers of ``SentencePieceBPE``: symbols as byte ranges in a doubly linked list.
struct SPMScratch {
    /// Byte offset of each symbol. [n]
    var start: [Int32] = []
    /// Byte length of each symbol (0 once merged into its left neighbour). [n]
    var length: [Int32] = []
    /// Token of a merged symbol, or -2 when not yet looked up. [n]
    var token: [Int32] = []
    /// Previous symbol, or -1. [n]
    var prev: [Int32] = []
    /// Next symbol, or -1. [n]
    var next: [Int32] = []
    /// Pending merges.
    var heap = SPMHeap()

    /// Clears all buffers, keeping storage.
    mutating func reset() {
        start.removeAll(keepingCapacity: true)
        length.removeAll(keepingCapacity: true)
        token.removeAll(keepingCapacity: true)
        prev.removeAll(keepingCapacity: true)
        next.removeAll(keepingCapacity: true)
        heap.removeAll()
    }
}
