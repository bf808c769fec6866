public import InferenceTypes
import Synchronization

/// The running usage of one response, updated by the generation as each token is decoded and read by whoever bills
/// it. The final `usage` stream item carries the same numbers; the meter matters when a stream ends early (the client
/// disconnected, the server is stopping), where no `usage` item is ever sent.
///
/// - Important: thread-safe; the choices of a response update it from their own tasks.
public final class UsageMeter: Sendable {
    private struct State {
        var promptTokens = 0
        var cachedPromptTokens: Int?
        /// Per choice: tokens generated and, of those, reasoning tokens.
        var generated: [Int: (all: Int, reasoning: Int)] = [:]
        var final: Usage?
    }

    private let state = Mutex(State())

    public init() {}

    /// Records the prompt (once, when the request starts).
    public func recordPrompt(tokens: Int) {
        state.withLock { $0.promptTokens = tokens }
    }

    /// Records what choice `index` has generated so far (its running totals, not increments).
    public func record(choice index: Int, generated: Int, reasoning: Int, cachedPromptTokens: Int) {
        state.withLock {
            $0.generated[index] = (generated, reasoning)
            $0.cachedPromptTokens = min($0.cachedPromptTokens ?? cachedPromptTokens, cachedPromptTokens)
        }
    }

    /// Records the response's final usage (the `usage` stream item), which wins over the running counts.
    public func recordFinal(_ usage: Usage) {
        state.withLock { $0.final = usage }
    }

    /// The usage so far: the final usage once known, else the running counts (completion tokens exclude reasoning,
    /// as in `Usage`).
    public var usage: Usage {
        state.withLock { s in
            if let f = s.final { return f }
            let all = s.generated.values.reduce(0) { $0 + $1.all }
            let reasoning = s.generated.values.reduce(0) { $0 + $1.reasoning }
            return Usage(promptTokens: s.promptTokens, cachedPromptTokens: min(s.cachedPromptTokens ?? 0, s.promptTokens),
                completionTokens: max(0, all - reasoning), reasoningTokens: reasoning)
        }
    }

    /// Whether any token was generated.
    public var generatedAny: Bool {
        state.withLock { s in (s.final.map { $0.completionTokens + $0.reasoningTokens } ?? s.generated.values.reduce(0) { $0 + $1.all }) > 0 }
    }
}
