public import InferenceTypes
import Foundation

/// Perplexity the way llama.cpp's `llama-perplexity` computes it.
///
/// The text is tokenized once with the model's BOS rule, cut into non-overlapping chunks of `contextLength` tokens
/// (a trailing partial chunk is dropped), each chunk is evaluated from an empty cache (its first token replaced by
/// BOS when the model adds one), and only the second half of each chunk is scored: the logits at positions
/// `first = n/2 … n−2` predict tokens `first+1 … n−1`. The estimate is `exp(mean nll)`, and its error is
/// `ppl · sqrt((mean(nll²) − mean(nll)²) / (count − 1))`.
public struct PerplexityPlan: Sendable {
    public let contextLength: Int
    public let tokens: [TokenID]
    public let bos: TokenID?

    /// - Parameters:
    ///   - tokens: the whole text, tokenized with the model's special-token rule (BOS first when it adds one).
    ///   - bos: the BOS id when the model adds BOS (each chunk then starts with it), else nil.
    public init(tokens: [TokenID], contextLength: Int, bos: TokenID?) {
        self.tokens = tokens
        self.contextLength = contextLength
        self.bos = bos
    }

    /// Number of whole chunks.
    public var chunkCount: Int { contextLength > 1 ? tokens.count / contextLength : 0 }

    /// Whether there are enough tokens (llama.cpp requires at least two chunks).
    public var hasEnoughTokens: Bool { tokens.count >= 2 * contextLength }

    /// The tokens to evaluate for chunk `i`.
    public func chunk(_ i: Int) -> [TokenID] {
        let start = i * contextLength
        var c = Array(tokens[start..<start + contextLength])
        if let bos { c[0] = bos }
        return c
    }

    /// The first position whose logits are scored.
    public var firstScored: Int { contextLength / 2 }

    /// The token that the logits at `position` of chunk `i` must predict (the original text, not the BOS).
    public func target(chunk i: Int, position: Int) -> TokenID {
        tokens[i * contextLength + position + 1]
    }
}

/// Running sums for a perplexity estimate.
public struct PerplexityAccumulator: Sendable {
    public private(set) var count = 0
    private var nll = 0.0
    private var nll2 = 0.0

    public init() {}

    /// Adds the log-probability the model gave the right next token.
    public mutating func add(logprob: Double) {
        nll -= logprob
        nll2 += logprob * logprob
        count += 1
    }

    /// Log-probability of `target` under the softmax of `logits` (max-subtracted, accumulated in Double).
    public static func logprob(of target: Int, logits: UnsafeBufferPointer<Float>) -> Double {
        var m = -Float.infinity
        for x in logits where x > m { m = x }
        var sum = 0.0
        for x in logits { sum += Double(Foundation.exp(x - m)) }
        return Double(logits[target] - m) - Foundation.log(sum)
    }

    /// `exp(mean nll)`.
    public var perplexity: Double { count > 0 ? Foundation.exp(nll / Double(count)) : .nan }

    /// llama.cpp's `±` figure.
    public var error: Double {
        guard count > 1 else { return .nan }
        let mean = nll / Double(count)
        let variance = nll2 / Double(count) - mean * mean
        guard variance > 0 else { return .nan }
        return (variance / Double(count - 1)).squareRoot() * perplexity
    }
}
