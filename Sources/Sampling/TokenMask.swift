public import InferenceTypes

/// A set of allowed tokens as a bitset over the vocabulary: bit `id % 64` of word `id / 64` is set when token `id`
/// is allowed. Bits past `vocabularySize` in the last word are always clear.
public struct TokenMask: Sendable, Hashable {
    /// How many tokens the mask covers.
    public let vocabularySize: Int
    // [ceil(vocabularySize / 64)] bit words, token id = word * 64 + bit.
    private var words: [UInt64]

    /// A mask over `vocabularySize` tokens with every token allowed (`allowingAll`) or none.
    public init(vocabularySize: Int, allowingAll: Bool = false) {
        self.vocabularySize = max(0, vocabularySize)
        words = [UInt64](repeating: 0, count: (self.vocabularySize + 63) / 64)
        if allowingAll { allowAll() }
    }

    /// How many 64-bit words hold the bits.
    public var wordCount: Int { words.count }

    /// Whether `id` is allowed; ids outside the vocabulary are not.
    @inline(__always)
    public func contains(_ id: TokenID) -> Bool {
        let i = Int(id)
        guard i >= 0, i < vocabularySize else { return false }
        return words[i &>> 6] & (1 &<< UInt64(i & 63)) != 0
    }

    /// Allows `id` (ids outside the vocabulary are ignored).
    @inline(__always)
    public mutating func allow(_ id: TokenID) {
        let i = Int(id)
        guard i >= 0, i < vocabularySize else { return }
        words[i &>> 6] |= 1 &<< UInt64(i & 63)
    }

    /// Disallows `id` (ids outside the vocabulary are ignored).
    @inline(__always)
    public mutating func disallow(_ id: TokenID) {
        let i = Int(id)
        guard i >= 0, i < vocabularySize else { return }
        words[i &>> 6] &= ~(1 &<< UInt64(i & 63))
    }

    /// Disallows every token.
    public mutating func removeAll() {
        words.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }

    /// Allows every token.
    public mutating func allowAll() {
        words.withUnsafeMutableBufferPointer { $0.update(repeating: ~0) }
        let tail = vocabularySize & 63
        if tail != 0, !words.isEmpty { words[words.count - 1] = (1 &<< UInt64(tail)) &- 1 }
    }

    /// Clears the bits past `vocabularySize` in the last word (a constraint that fills words directly may set them).
    public mutating func clearBitsPastEnd() {
        let tail = vocabularySize & 63
        if tail != 0, !words.isEmpty { words[words.count - 1] &= (1 &<< UInt64(tail)) &- 1 }
    }

    /// How many tokens are allowed.
    public var allowedCount: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// Direct access to the bit words, for a constraint that fills the mask word by word.
    /// - Important: keep the bits past `vocabularySize` clear; the pointer is valid only inside `body`.
    public mutating func withUnsafeMutableWords<R>(_ body: (UnsafeMutableBufferPointer<UInt64>) -> R) -> R {
        words.withUnsafeMutableBufferPointer { body($0) }
    }

    /// Read-only access to the bit words; the pointer is valid only inside `body`.
    public func withUnsafeWords<R>(_ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        words.withUnsafeBufferPointer { body($0) }
    }

    /// Sets every disallowed token's logit to −∞.
    /// - Parameter logits: `[vocabularySize]`; a shorter or longer buffer is handled up to the smaller size.
    public func apply(to logits: UnsafeMutableBufferPointer<Float>) {
        let n = min(vocabularySize, logits.count)
        words.withUnsafeBufferPointer { w in
            var base = 0
            for word in w {
                if base >= n { break }
                if word != ~0 {
                    var blocked = ~word
                    while blocked != 0 {
                        let i = base + blocked.trailingZeroBitCount
                        if i < n { logits[i] = -.infinity }
                        blocked &= blocked &- 1
                    }
                }
                base += 64
            }
        }
    }
}
