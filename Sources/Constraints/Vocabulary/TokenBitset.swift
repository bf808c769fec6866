public import InferenceTypes

/// A set of token ids as a bitset over the vocabulary: the full mask of allowed tokens at one step.
public struct TokenBitset: Sendable, Hashable {
    /// 64 token ids per word; bit `id & 63` of word `id >> 6`.
    public private(set) var words: [UInt64]
    /// Number of token ids the set ranges over.
    public let capacity: Int

    /// An empty set over `capacity` token ids.
    public init(capacity: Int) {
        self.capacity = capacity
        self.words = [UInt64](repeating: 0, count: (capacity + 63) / 64)
    }

    /// Whether `token` is a member (false for ids out of range).
    @inline(__always)
    public func contains(_ token: TokenID) -> Bool {
        let i = Int(token)
        guard i >= 0, i < capacity else { return false }
        return words[i >> 6] & (1 << UInt64(i & 63)) != 0
    }

    /// Adds `token` (ignored when out of range).
    @inline(__always)
    public mutating func insert(_ token: TokenID) {
        let i = Int(token)
        guard i >= 0, i < capacity else { return }
        words[i >> 6] |= 1 << UInt64(i & 63)
    }

    /// Removes every member.
    public mutating func removeAll() {
        words.withUnsafeMutableBufferPointer { p in
            for i in p.indices { p[i] = 0 }
        }
    }

    /// Adds every member of `other` (same capacity).
    public mutating func formUnion(_ other: TokenBitset) {
        precondition(other.capacity == capacity, "bitset capacities differ")
        words.withUnsafeMutableBufferPointer { dst in
            other.words.withUnsafeBufferPointer { src in
                for i in dst.indices { dst[i] |= src[i] }
            }
        }
    }

    /// Number of members.
    public var count: Int { words.reduce(0) { $0 + $1.nonzeroBitCount } }

    /// The members in increasing order.
    public var members: [TokenID] {
        var out: [TokenID] = []
        for (w, word) in words.enumerated() where word != 0 {
            var bits = word
            while bits != 0 {
                let b = bits.trailingZeroBitCount
                out.append(TokenID(w * 64 + b))
                bits &= bits - 1
            }
        }
        return out
    }

    /// Direct access to the words, for mask walks that write many bits.
    mutating func withUnsafeMutableWords<R>(_ body: (UnsafeMutablePointer<UInt64>) -> R) -> R {
        words.withUnsafeMutableBufferPointer { p in
            guard let base = p.baseAddress else {
                var dummy: UInt64 = 0
                return body(&dummy)
            }
            return body(base)
        }
    }
}
