/// How the next token is chosen. Defaults leave the model's distribution unchanged (temperature 1, no filters).
///
/// The `Sampling` target applies these in a fixed order (see `Sampler` there): logit bias → repetition penalty →
/// presence/frequency penalties → constraint mask → top-k → temperature → softmax → top-p → min-p → draw.
public struct SamplingParameters: Sendable, Hashable {
    /// Divides the logits before the softmax. 0 = greedy (argmax after bias, penalties and mask).
    public var temperature: Double = 1
    /// Keep only the `topK` most likely tokens. 0 = off.
    public var topK: Int = 0
    /// Keep the smallest set of most likely tokens whose probability mass is at least `topP`. 1 = off.
    public var topP: Double = 1
    /// Drop tokens whose probability is below `minP` times the most likely token's. 0 = off.
    public var minP: Double = 0
    /// OpenAI semantics, over generated tokens: subtract `presencePenalty` from every token generated at least once.
    public var presencePenalty: Double = 0
    /// OpenAI semantics, over generated tokens: subtract `frequencyPenalty × count` (times generated so far).
    public var frequencyPenalty: Double = 0
    /// llama.cpp/HF semantics over the last `repetitionWindow` tokens (prompt included): a positive logit is divided
    /// by it, a negative one multiplied. 1 = off.
    public var repetitionPenalty: Double = 1
    /// How many of the most recent tokens (prompt and generated) `repetitionPenalty` looks at. 0 = off.
    public var repetitionWindow: Int = 64
    /// The DRY penalty on repeated sequences of generated tokens (off by default; the server turns it on for
    /// free-text chat answers, see `SamplingDefaults`).
    public var repetitionGuard: RepetitionGuard = .off
    /// Added to the logits before anything else; −100 bans a token in practice, +100 all but forces it.
    public var logitBias: [TokenID: Float] = [:]
    /// The random generator's seed. nil = a random seed (the sampler reports the one it chose).
    public var seed: UInt64?
    /// Report the chosen token's log-probability (under the model's unmodified distribution).
    public var logprobs: Bool = false
    /// How many alternatives to report per token (0…20); needs `logprobs`.
    public var topLogprobs: Int = 0

    /// Parameters with the given values; every argument defaults to "off" (temperature 1, no filters, no penalties).
    public init(
        temperature: Double = 1, topK: Int = 0, topP: Double = 1, minP: Double = 0,
        presencePenalty: Double = 0, frequencyPenalty: Double = 0,
        repetitionPenalty: Double = 1, repetitionWindow: Int = 64, repetitionGuard: RepetitionGuard = .off,
        logitBias: [TokenID: Float] = [:], seed: UInt64? = nil, logprobs: Bool = false, topLogprobs: Int = 0
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.presencePenalty = presencePenalty
        self.frequencyPenalty = frequencyPenalty
        self.repetitionPenalty = repetitionPenalty
        self.repetitionWindow = repetitionWindow
        self.repetitionGuard = repetitionGuard
        self.logitBias = logitBias
        self.seed = seed
        self.logprobs = logprobs
        self.topLogprobs = topLogprobs
    }

    /// Greedy decoding: always the most likely token (lowest id on ties).
    public static var greedy: SamplingParameters { SamplingParameters(temperature: 0) }

    /// The largest `topLogprobs` accepted (OpenAI's limit).
    public static let maxTopLogprobs = 20

    /// Checks every field against the accepted ranges and throws an error naming the first bad field.
    ///
    /// Ranges: temperature 0…2; topK ≥ 0; topP 0…1 (0 keeps only the most likely token); minP 0…1; presence and
    /// frequency penalties −2…2; repetitionPenalty > 0 and finite; repetitionWindow ≥ 0; every logit bias value
    /// −100…100 on a token id ≥ 0; DRY multiplier 0…10, base 1…10, allowed length 1…100, window ≥ 0; topLogprobs 0…20, and > 0 only with `logprobs`. Token ids above the vocabulary
    /// are checked by the sampler, which knows the vocabulary size.
    public func validate() throws(SamplingParametersError) {
        func check(_ ok: Bool, _ field: SamplingParametersError.Field, _ value: String, _ expected: String)
            throws(SamplingParametersError)
        {
            if !ok { throw SamplingParametersError(field: field, value: value, expected: expected) }
        }
        try check(temperature.isFinite && (0...2).contains(temperature), .temperature, "\(temperature)", "between 0 and 2")
        try check(topK >= 0, .topK, "\(topK)", "0 (off) or a positive count")
        try check(topP.isFinite && (0...1).contains(topP), .topP, "\(topP)", "between 0 and 1")
        try check(minP.isFinite && (0...1).contains(minP), .minP, "\(minP)", "between 0 and 1")
        try check(
            presencePenalty.isFinite && (-2...2).contains(presencePenalty), .presencePenalty, "\(presencePenalty)",
            "between -2 and 2")
        try check(
            frequencyPenalty.isFinite && (-2...2).contains(frequencyPenalty), .frequencyPenalty,
            "\(frequencyPenalty)", "between -2 and 2")
        try check(
            repetitionPenalty.isFinite && repetitionPenalty > 0, .repetitionPenalty, "\(repetitionPenalty)",
            "a finite number greater than 0 (1 = off)")
        try check(repetitionWindow >= 0, .repetitionWindow, "\(repetitionWindow)", "0 (off) or a positive count")
        let g = repetitionGuard
        try check(g.multiplier.isFinite && (0...10).contains(g.multiplier), .dryMultiplier, "\(g.multiplier)",
            "between 0 (off) and 10")
        try check(g.base.isFinite && (1...10).contains(g.base), .dryBase, "\(g.base)", "between 1 and 10")
        try check((1...100).contains(g.allowedLength), .dryAllowedLength, "\(g.allowedLength)", "between 1 and 100")
        try check(g.window >= 0, .dryWindow, "\(g.window)", "0 (all) or a positive count")
        for (id, bias) in logitBias.sorted(by: { $0.key < $1.key }) {
            try check(id >= 0, .logitBias, "token \(id)", "token ids of 0 or more")
            try check(bias.isFinite && (-100...100).contains(bias), .logitBias, "\(bias) for token \(id)", "between -100 and 100")
        }
        try check(
            (0...Self.maxTopLogprobs).contains(topLogprobs), .topLogprobs, "\(topLogprobs)",
            "between 0 and \(Self.maxTopLogprobs)")
        try check(topLogprobs == 0 || logprobs, .topLogprobs, "\(topLogprobs)", "0 unless logprobs is true")
    }
}

/// A sampling parameter outside its accepted range.
public struct SamplingParametersError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The parameter that was wrong; the raw value is its OpenAI-style wire name.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case temperature
        case topK = "top_k"
        case topP = "top_p"
        case minP = "min_p"
        case presencePenalty = "presence_penalty"
        case frequencyPenalty = "frequency_penalty"
        case repetitionPenalty = "repetition_penalty"
        case repetitionWindow = "repetition_window"
        case dryMultiplier = "dry_multiplier"
        case dryBase = "dry_base"
        case dryAllowedLength = "dry_allowed_length"
        case dryWindow = "dry_penalty_last_n"
        case logitBias = "logit_bias"
        case topLogprobs = "top_logprobs"
    }

    /// Which parameter.
    public var field: Field
    /// The offending value as text.
    public var value: String
    /// What would have been accepted.
    public var expected: String

    /// An error about `field`, which had `value` instead of `expected`.
    public init(field: Field, value: String, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String { "\(field.rawValue) must be \(expected) (got \(value))" }
}
