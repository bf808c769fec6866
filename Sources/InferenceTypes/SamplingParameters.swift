/// How the next token is chosen. Defaults leave the model's distribution unchanged (temperature 1, no filters).
public struct SamplingParameters: Sendable, Hashable {
    /// 0 = greedy.
    public var temperature: Double = 1
    /// 0 = off.
    public var topK: Int = 0
    /// 1 = off.
    public var topP: Double = 1
    /// 0 = off.
    public var minP: Double = 0
    /// OpenAI semantics, over generated tokens.
    public var presencePenalty: Double = 0
    /// OpenAI semantics, over generated tokens.
    public var frequencyPenalty: Double = 0
    /// llama.cpp/HF semantics over the last `repetitionWindow` tokens; 1 = off.
    public var repetitionPenalty: Double = 1
    public var repetitionWindow: Int = 64
    /// Added to the logits before sampling.
    public var logitBias: [TokenID: Float] = [:]
    /// nil = a random seed.
    public var seed: UInt64?
    /// Report the chosen token's log-probability.
    public var logprobs: Bool = false
    /// How many alternatives to report per token (0…20).
    public var topLogprobs: Int = 0

    public init() {}
}
