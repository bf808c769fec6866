public import Constraints
public import InferenceTypes

/// What a sequence asks of the engine: token ids in, stop conditions, sampling. No text, no JSON.
public struct SequenceRequest: Sendable {
    public var prompt: [TokenID]
    public var sampling: SamplingParameters
    /// Most generated tokens (nil = until the context is full).
    public var maxTokens: Int?
    /// Client stop strings, matched on the detokenized text and never emitted.
    public var stopStrings: [String]
    /// End-of-generation tokens (defaults to the tokenizer's set when empty).
    public var stopTokens: Set<TokenID>
    /// Keep generating through end-of-generation tokens (benchmarks).
    public var ignoreEndOfGeneration: Bool
    /// The constraint plan: when set, every generated token keeps the text a prefix of the grammar's language.
    ///
    /// The engine pairs it with the model's ``Engine/constraintVocabulary`` in a per-sequence `GrammarMatcher`,
    /// samples with the sampler's check-first trick (`.sampleFirst`), and:
    /// - allows end-of-generation tokens only where the grammar may end (never while it is incomplete);
    /// - ends the sequence with ``EngineFinishReason/endOfGeneration`` as soon as the grammar is complete and
    ///   cannot continue (the token that completed it is the last one; no end token is generated), or when it is
    ///   complete and the model picks an end token;
    /// - ends it with ``EngineFinishReason/maxTokens`` when the cap cuts the output short (then the text is an
    ///   unfinished prefix).
    ///
    /// Stop strings and stop tokens still apply as given: a caller that must not have constrained output cut short
    /// (structured outputs) passes no stop strings — `LocalInferenceService` does so for `response_format`.
    public var grammar: CompiledGrammar?
    /// When the grammar opens with a reasoning trace: how the trace may end before its budget (see ``TraceEnding``).
    public var traceEnding: TraceEnding?
    /// Which requests may share prompt-cache prefixes with this one: only those with the same scope (nil is a scope
    /// too: the shared one). Keeps one tenant's prompts from showing in another's `cached_tokens` or latency.
    public var cacheScope: String?

    public init(
        prompt: [TokenID], sampling: SamplingParameters = SamplingParameters(), maxTokens: Int? = nil,
        stopStrings: [String] = [], stopTokens: Set<TokenID> = [], ignoreEndOfGeneration: Bool = false,
        grammar: CompiledGrammar? = nil, traceEnding: TraceEnding? = nil
    ) {
        self.prompt = prompt
        self.sampling = sampling
        self.maxTokens = maxTokens
        self.stopStrings = stopStrings
        self.stopTokens = stopTokens
        self.ignoreEndOfGeneration = ignoreEndOfGeneration
        self.grammar = grammar
        self.traceEnding = traceEnding
    }
}

/// A token the engine generated.
public struct GeneratedToken: Sendable, Hashable {
    public var id: TokenID
    /// The text this token releases (may be empty while UTF-8 or a possible stop string is held back; an
    /// end-of-generation token releases nothing).
    public var text: String
    /// Log-probability under the model's unmodified distribution (when requested).
    public var logprob: Float?
    /// Top alternatives (id, log-probability), when requested.
    public var top: [TopToken]

    public init(id: TokenID, text: String, logprob: Float? = nil, top: [TopToken] = []) {
        self.id = id
        self.text = text
        self.logprob = logprob
        self.top = top
    }
}

/// An alternative token and its log-probability.
public struct TopToken: Sendable, Hashable {
    public var id: TokenID
    public var logprob: Float

    public init(id: TokenID, logprob: Float) {
        self.id = id
        self.logprob = logprob
    }
}

/// Why a sequence ended.
public enum EngineFinishReason: Sendable, Hashable {
    case endOfGeneration
    case stopString(String)
    case maxTokens
    case contextFull
    case cancelled
}

/// The end of a sequence, with its counts and timings.
public struct EngineFinish: Sendable, Hashable {
    public var reason: EngineFinishReason
    public var promptTokens: Int
    /// Prompt tokens whose keys and values came from the prompt cache instead of being prefilled (OpenAI's
    /// `usage.prompt_tokens_details.cached_tokens`).
    public var cachedPromptTokens: Int = 0
    public var generatedTokens: Int
    /// Seconds from admission to the first generated token, and spent generating after it.
    public var prefillSeconds: Double
    public var decodeSeconds: Double
}

/// The stream of one sequence: `started`, then tokens (and released text), then `finished`.
public enum EngineEvent: Sendable, Hashable {
    case started(promptTokens: Int)
    case token(GeneratedToken)
    /// Text released at the end that belongs to no single token (held-back bytes, flushed).
    case text(String)
    case finished(EngineFinish)
}

/// Errors the engine reports before a sequence runs.
public enum EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The prompt (plus at least one generated token) does not fit the context.
    case contextOverflow(promptTokens: Int, limit: Int)
    case emptyPrompt
    /// The request cannot run as given (e.g. a sampling parameter out of range).
    case invalidRequest(String)
    /// The waiting queue is full.
    case queueFull(capacity: Int)
    /// The engine is shutting down.
    case shutDown
    /// The model failed while running a batch.
    case modelFailure(String)

    public var description: String {
        switch self {
        case .contextOverflow(let n, let limit): return "prompt is too long: \(n) tokens > \(limit) maximum"
        case .emptyPrompt: return "the prompt is empty"
        case .invalidRequest(let m): return m
        case .queueFull(let c): return "the request queue is full (\(c) waiting)"
        case .shutDown: return "the engine is shutting down"
        case .modelFailure(let m): return "model failure: \(m)"
        }
    }
}
