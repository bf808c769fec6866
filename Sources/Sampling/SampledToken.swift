public import InferenceTypes

/// What one `Sampler.sample` call chose.
public struct SampledToken: Sendable, Hashable {
    /// The chosen token.
    public var id: TokenID
    /// The chosen token's natural-log probability under the model's unmodified distribution (log-softmax of the raw
    /// logits, before bias, penalties, mask and temperature); nil unless `SamplingParameters.logprobs` is set.
    public var logprob: Float?
    /// The most likely tokens of the unmodified distribution, most likely first (ties: lower id first); empty unless
    /// `logprobs` is set and `topLogprobs > 0`.
    public var top: TopLogprobs

    /// A token with optional log-probabilities.
    public init(id: TokenID, logprob: Float? = nil, top: TopLogprobs = TopLogprobs()) {
        self.id = id
        self.logprob = logprob
        self.top = top
    }
}

/// Up to `TopLogprobs.capacity` (id, logprob) pairs stored inline, so reporting them allocates nothing.
///
/// A random-access collection of `(id: TokenID, logprob: Float)`; `Array(top)` gives the pairs as an array.
public struct TopLogprobs: Sendable, Hashable, RandomAccessCollection {
    /// The most pairs it can hold (OpenAI's `top_logprobs` limit is 20).
    public static let capacity = 32

    // Unused lanes stay zero, so the synthesized `==` and `hash(into:)` compare only what is stored.
    private var ids = SIMD32<Int32>()
    private var logprobs = SIMD32<Float>()
    /// How many pairs are stored.
    public private(set) var count = 0

    /// An empty list.
    public init() {}

    /// A list holding `pairs` in order (at most `capacity`; extra pairs are dropped).
    public init(_ pairs: some Sequence<(id: TokenID, logprob: Float)>) {
        for pair in pairs where count < Self.capacity { append(id: pair.id, logprob: pair.logprob) }
    }

    /// Adds a pair at the end; does nothing when full.
    public mutating func append(id: TokenID, logprob: Float) {
        guard count < Self.capacity else { return }
        ids[count] = id
        logprobs[count] = logprob
        count += 1
    }

    /// Removes every pair.
    public mutating func removeAll() { self = TopLogprobs() }

    public var startIndex: Int { 0 }
    public var endIndex: Int { count }

    /// The pair at `position` (0 = most likely).
    public subscript(position: Int) -> (id: TokenID, logprob: Float) {
        precondition(position >= 0 && position < count, "TopLogprobs index out of range")
        return (ids[position], logprobs[position])
    }
}
