public import InferenceTypes

/// The per-model index the matcher walks: token tries, per-token bytes and flags, and the "plain text" slice.
///
/// Build it once per vocabulary (49,152 tokens for SmolLM2, 262,144 for Gemma 3) and share it between every
/// request on that model; it is immutable.
///
/// The slice: tokens made only of complete UTF-8 characters that need no escaping inside a JSON string
/// (code points ≥ U+0020 other than `"` and `\`). Inside a string whose next characters are unconstrained, all
/// of them are allowed at once (by character count), so only the few remaining tokens are walked.
public final class ConstraintVocabulary: Sendable {
    /// Number of token ids.
    public let count: Int
    /// Trie of the slice tokens.
    let plainTrie: TokenTrie
    /// Trie of every other grammar-usable token (quotes, backslashes, control bytes, partial UTF-8, …).
    let restTrie: TokenTrie
    /// `plainUpTo[k - 1]`: slice tokens of at most `k` characters.  // [maxPlainChars] bitsets
    let plainUpTo: [TokenBitset]
    /// Most characters in a slice token.
    let maxPlainChars: Int
    /// Concatenated bytes of all tokens.  // [total bytes]
    let flatBytes: [UInt8]
    /// Token `t`'s bytes are `flatBytes[byteStart[t]..<byteStart[t + 1]]`.  // [count + 1]
    let byteStart: [Int32]
    /// Per token: 0 ordinary, 1 special (never allowed), 2 end of generation, 3 no bytes (never allowed).
    let kind: [UInt8]
    /// End-of-generation ids, sorted.
    public let endOfGeneration: [TokenID]
    /// Greatest token length in bytes.
    let maxTokenBytes: Int

    /// Longest slice token in characters (longer plain tokens are walked); bounds the slice bitsets' memory to
    /// 64 × vocabulary / 8 bytes.
    static let maxSliceCharacters = 64

    static let ordinary: UInt8 = 0
    static let special: UInt8 = 1
    static let endOfGenerationKind: UInt8 = 2
    static let emptyKind: UInt8 = 3

    /// Indexes a vocabulary. Takes a few hundred milliseconds for 262k tokens; do it once per model.
    public init(_ vocabulary: TokenVocabulary) {
        let n = vocabulary.count
        count = n
        var flat: [UInt8] = []
        var starts: [Int32] = [0]
        var kinds = [UInt8](repeating: Self.ordinary, count: n)
        var plain: [(id: Int32, bytes: [UInt8])] = []
        var rest: [(id: Int32, bytes: [UInt8])] = []
        var plainChars: [(id: Int32, chars: Int)] = []
        var longest = 0
        for id in 0..<n {
            let bytes = vocabulary.tokenBytes[id]
            flat.append(contentsOf: bytes)
            starts.append(Int32(flat.count))
            longest = max(longest, bytes.count)
            let tid = TokenID(id)
            if vocabulary.endOfGenerationTokens.contains(tid) {
                kinds[id] = Self.endOfGenerationKind
            } else if vocabulary.specialTokens.contains(tid) {
                kinds[id] = Self.special
            } else if bytes.isEmpty {
                kinds[id] = Self.emptyKind
            } else if let chars = Self.plainCharacterCount(bytes), chars <= Self.maxSliceCharacters {
                plain.append((Int32(id), bytes))
                plainChars.append((Int32(id), chars))
            } else {
                rest.append((Int32(id), bytes))
            }
        }
        flatBytes = flat
        byteStart = starts
        kind = kinds
        maxTokenBytes = longest
        endOfGeneration = vocabulary.endOfGenerationTokens.filter { Int($0) >= 0 && Int($0) < n }.sorted()
        plainTrie = TokenTrie(tokens: plain, vocabularySize: n)
        restTrie = TokenTrie(tokens: rest, vocabularySize: n)

        let maxChars = plainChars.map(\.chars).max() ?? 0
        var byCount = [[Int32]](repeating: [], count: maxChars + 1)
        for (id, c) in plainChars { byCount[c].append(id) }
        var cumulative: [TokenBitset] = []
        var acc = TokenBitset(capacity: n)
        if maxChars >= 1 {
            for k in 1...maxChars {
                for id in byCount[k] { acc.insert(id) }
                cumulative.append(acc)
            }
        }
        plainUpTo = cumulative
        maxPlainChars = maxChars
    }

    /// The bytes of `token` (empty when out of range).
    public func bytes(of token: TokenID) -> ArraySlice<UInt8> {
        let i = Int(token)
        guard i >= 0, i < count else { return [] }
        return flatBytes[Int(byteStart[i])..<Int(byteStart[i + 1])]
    }

    /// Number of trie nodes (plain slice, rest), for diagnostics and benchmarks.
    public var trieNodeCounts: (plain: Int, rest: Int) { (plainTrie.nodes.count, restTrie.nodes.count) }

    /// Number of code points when `bytes` is complete UTF-8 text needing no JSON escape, else `nil`.
    static func plainCharacterCount(_ bytes: [UInt8]) -> Int? {
        var i = 0
        var chars = 0
        while i < bytes.count {
            let b = bytes[i]
            let len: Int
            var cp: UInt32
            switch b {
            case 0x20...0x7F:
                if b == 0x22 || b == 0x5C { return nil }
                i += 1
                chars += 1
                continue
            case 0xC2...0xDF: len = 2; cp = UInt32(b & 0x1F)
            case 0xE0...0xEF: len = 3; cp = UInt32(b & 0x0F)
            case 0xF0...0xF4: len = 4; cp = UInt32(b & 0x07)
            default: return nil
            }
            guard i + len <= bytes.count else { return nil }
            for k in 1..<len {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return nil }
                cp = cp << 6 | UInt32(c & 0x3F)
            }
            // Reject overlong forms, surrogates and values past U+10FFFF.
            let minimum: UInt32 = len == 2 ? 0x80 : len == 3 ? 0x800 : 0x10000
            if cp < minimum || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF { return nil }
            i += len
            chars += 1
        }
        return chars
    }
}
