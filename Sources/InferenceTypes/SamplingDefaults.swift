/// The sampling settings a request can leave to the model's defaults, as a set (which ones the client gave).
public struct SamplingFields: OptionSet, Sendable, Hashable {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let temperature = SamplingFields(rawValue: 1 << 0)
    public static let topK = SamplingFields(rawValue: 1 << 1)
    public static let topP = SamplingFields(rawValue: 1 << 2)
    public static let minP = SamplingFields(rawValue: 1 << 3)
    public static let repetitionPenalty = SamplingFields(rawValue: 1 << 4)
    /// The DRY penalty (`dry_*` fields; ``RepetitionGuard``).
    public static let repetitionGuard = SamplingFields(rawValue: 1 << 5)

    /// Every field (a request built in code, not decoded from an API body, means exactly what it says).
    public static let all: SamplingFields = [.temperature, .topK, .topP, .minP, .repetitionPenalty, .repetitionGuard]
}

/// A model's recommended sampling settings, used for whatever a request leaves out; nil = no recommendation.
///
/// Where they come from, most important first: the server's configuration, the GGUF's own `general.sampling.*` keys,
/// the catalog entry, then `SamplingDefaults.server`. A request that sets a value always gets exactly that value.
public struct SamplingDefaults: Sendable, Hashable {
    public var temperature: Double?
    public var topK: Int?
    public var topP: Double?
    public var minP: Double?
    public var repetitionPenalty: Double?
    /// The DRY penalty for free-text chat answers (JSON, grammars and tool calls never get a default one).
    public var repetitionGuard: RepetitionGuard?

    public init(
        temperature: Double? = nil, topK: Int? = nil, topP: Double? = nil, minP: Double? = nil,
        repetitionPenalty: Double? = nil, repetitionGuard: RepetitionGuard? = nil
    ) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.minP = minP
        self.repetitionPenalty = repetitionPenalty
        self.repetitionGuard = repetitionGuard
    }

    /// Swiftlet's fallback, for models that recommend nothing: llama.cpp's server filters (top-k 40, min-p 0.05) with
    /// the temperature and top-p the hosted playgrounds start at (0.7, 0.9). OpenAI's temperature 1 with no filters
    /// lets a small model wander into word salad. DRY at its recommended settings (``RepetitionGuard``): without it,
    /// SmolLM2 135M answered the hosted quick-starts' "Hello!" with a loop to the output cap 7 times in 20.
    public static let server = SamplingDefaults(
        temperature: 0.7, topK: 40, topP: 0.9, minP: 0.05, repetitionGuard: RepetitionGuard())

    /// These values where set, else `base`'s.
    public func overriding(_ base: SamplingDefaults) -> SamplingDefaults {
        SamplingDefaults(
            temperature: temperature ?? base.temperature, topK: topK ?? base.topK, topP: topP ?? base.topP,
            minP: minP ?? base.minP, repetitionPenalty: repetitionPenalty ?? base.repetitionPenalty,
            repetitionGuard: repetitionGuard ?? base.repetitionGuard)
    }

    /// Fills the fields of `parameters` that are not in `explicit` with these defaults (fields without a default keep
    /// their value).
    public func apply(to parameters: inout SamplingParameters, keeping explicit: SamplingFields) {
        if !explicit.contains(.temperature), let v = temperature { parameters.temperature = v }
        if !explicit.contains(.topK), let v = topK { parameters.topK = v }
        if !explicit.contains(.topP), let v = topP { parameters.topP = v }
        if !explicit.contains(.minP), let v = minP { parameters.minP = v }
        if !explicit.contains(.repetitionPenalty), let v = repetitionPenalty { parameters.repetitionPenalty = v }
        if !explicit.contains(.repetitionGuard), let v = repetitionGuard { parameters.repetitionGuard = v }
    }

    /// `parameters` with the fields not in `explicit` filled from these defaults.
    public func filling(_ parameters: SamplingParameters, keeping explicit: SamplingFields) -> SamplingParameters {
        var p = parameters
        apply(to: &p, keeping: explicit)
        return p
    }
}
