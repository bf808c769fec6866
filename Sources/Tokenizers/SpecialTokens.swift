import InferenceTypes

/// A run of input text after special-token partitioning: raw text to be tokenized, or a special token.
enum Fragment: Equatable {
    /// Bytes `start..<end` of the input.
    case text(start: Int, end: Int)
    /// A special token written literally in the input.
    case token(TokenID)
}

/// Cuts the literal text of special tokens out of the input before tokenization, as llama.cpp's
/// `tokenizer_st_partition`: candidates are tried one after another, longest text first, and each splits every
/// remaining raw fragment at its leftmost non-overlapping occurrences. Control and unknown tokens take part only when
/// special parsing is on, so user text can never smuggle in `<|im_start|>`; user-defined tokens always do.
///
/// To avoid one pass over the text per candidate, a trie scan first finds which candidates occur at all.
struct SpecialTokenSplitter: Sendable {
    /// One special token.
    struct Candidate: Sendable {
        let id: TokenID
        let text: [UInt8]
        /// Control or unknown: only matched when special parsing is on.
        let specialOnly: Bool
    }

    /// Candidates in matching order (longest text first; equal lengths by id).
    let candidates: [Candidate]
    /// Whether any candidate is always matched (user-defined), so plain text still needs the scan.
    let hasAlwaysMatched: Bool
    /// Trie over candidate texts: node 0 is the root. [nodes]
    private let firstChild: [Int32]
    private let sibling: [Int32]
    private let label: [UInt8]
    /// Candidate index ending at a node, or -1. [nodes]
    private let terminal: [Int32]
    /// First trie node for each first byte, or -1. [256]
    private let rootChildren: [Int32]

    /// Collects the control, user-defined and unknown tokens of a vocabulary.
    init(vocabulary: Vocabulary) {
        var list: [Candidate] = []
        for id in 0..<vocabulary.count {
            let attributes = vocabulary.attributes[id]
            guard !attributes.intersection([.control, .userDefined, .unknown]).isEmpty else { continue }
            let text = Array(vocabulary.strings.bytes(Int32(id)))
            guard !text.isEmpty else { continue }
            list.append(Candidate(id: TokenID(id), text: text, specialOnly: attributes.isSpecialOnly))
        }
        list.sort { $0.text.count != $1.text.count ? $0.text.count > $1.text.count : $0.id < $1.id }
        candidates = list
        hasAlwaysMatched = list.contains { !$0.specialOnly }

        var firstChild: [Int32] = [-1]
        var sibling: [Int32] = [-1]
        var label: [UInt8] = [0]
        var terminal: [Int32] = [-1]
        for (index, candidate) in list.enumerated() {
            var node = 0
            for byte in candidate.text {
                var child = firstChild[node]
                while child >= 0 && label[Int(child)] != byte { child = sibling[Int(child)] }
                if child < 0 {
                    child = Int32(label.count)
                    label.append(byte)
                    firstChild.append(-1)
                    terminal.append(-1)
                    sibling.append(firstChild[node])
                    firstChild[node] = child
                }
                node = Int(child)
            }
            if terminal[node] < 0 { terminal[node] = Int32(index) }
        }
        var rootChildren = [Int32](repeating: -1, count: 256)
        var child = firstChild[0]
        while child >= 0 {
            rootChildren[Int(label[Int(child)])] = child
            child = sibling[Int(child)]
        }
        self.firstChild = firstChild
        self.sibling = sibling
        self.label = label
        self.terminal = terminal
        self.rootChildren = rootChildren
    }

    /// Splits `text` into raw fragments and special tokens.
    func partition(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Fragment] {
        guard !text.isEmpty else { return [] }
        var fragments: [Fragment] = [.text(start: 0, end: text.count)]
        guard parseSpecial ? !candidates.isEmpty : hasAlwaysMatched else { return fragments }
        let present = occurringCandidates(text, parseSpecial: parseSpecial)
        for index in present.indices where present[index] {
            let needle = candidates[index].text
            var next: [Fragment] = []
            next.reserveCapacity(fragments.count + 2)
            for fragment in fragments {
                guard case .text(var start, let end) = fragment else {
                    next.append(fragment)
                    continue
                }
                while let match = Self.find(needle, in: text, from: start, to: end) {
                    if match > start { next.append(.text(start: start, end: match)) }
                    next.append(.token(candidates[index].id))
                    start = match + needle.count
                }
                if start < end { next.append(.text(start: start, end: end)) }
            }
            fragments = next
        }
        return fragments
    }

    /// Which enabled candidates occur anywhere in `text`. [candidates]
    private func occurringCandidates(_ text: UnsafeBufferPointer<UInt8>, parseSpecial: Bool) -> [Bool] {
        var present = [Bool](repeating: false, count: candidates.count)
        let n = text.count
        for i in 0..<n {
            var node = rootChildren[Int(text[i])]
            var j = i + 1
            while node >= 0 {
                let candidate = terminal[Int(node)]
                if candidate >= 0 && (parseSpecial || !candidates[Int(candidate)].specialOnly) {
                    present[Int(candidate)] = true
                }
                guard j < n else { break }
                let byte = text[j]
                var child = firstChild[Int(node)]
                while child >= 0 && label[Int(child)] != byte { child = sibling[Int(child)] }
                node = child
                j += 1
            }
        }
        return present
    }

    /// First index of `needle` in `text[from..<to]`, or nil.
    private static func find(_ needle: [UInt8], in text: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let m = needle.count
        guard m > 0, to - from >= m else { return nil }
        let first = needle[0]
        var i = from
        let last = to - m
        while i <= last {
            if text[i] == first {
                var k = 1
                while k < m && text[i + k] == needle[k] { k += 1 }
                if k == m { return i }
            }
            i += 1
        }
        return nil
    }
}
