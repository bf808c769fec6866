import ChatTemplates
import Engine
import Foundation
public import InferenceTypes
import OutputParsing
import Tokenizers

/// The in-process inference service: for each served model, chat template → tokenizer → engine → choice decoder.
///
/// A request goes through named stages: the model by id (names and aliases are resolved before, by
/// `ModelResolver`; a request without `max_tokens` gets the model's `defaultMaxTokens`, sampling values it leaves out
/// the model's `samplingDefaults`), preparation (`ChatPreparer`: reasoning, tools, template, output plan), admission
/// (`RequestAdmission` against `RequestLimits`), the grammar (`OutputPlan.compiledGrammar`), then `ChoiceFanOut`,
/// which runs the `n` choices and sums their usage (`UsageTotals`). Every error that can be known up front is
/// thrown before a stream exists.
public final class LocalInferenceService: InferenceService {
    private let served: [ServedModel]
    /// Model id → index in `served`.
    private let byID: [String: Int]
    /// The instruction that makes models without native reasoning think (`ThinkingPrompt`).
    public let thinkingPrompt: ThinkingPrompt

    /// Serves `models`; `thinkingPrompt` replaces the built-in thinking instruction.
    public init(models: [ServedModel], thinkingPrompt: ThinkingPrompt = .builtin) {
        self.thinkingPrompt = thinkingPrompt
        served = models
        byID = Dictionary(models.enumerated().map { ($1.descriptor.id, $0) }) { first, _ in first }
    }

    public func models() -> [ModelDescriptor] { served.map(\.descriptor) }

    public func statistics() -> [String: EngineStatistics] {
        Dictionary(served.map { ($0.descriptor.id, $0.engine.statistics) }) { first, _ in first }
    }

    private func model(_ id: String) throws(InferenceError) -> ServedModel {
        guard let i = byID[id] else { throw .modelNotFound(id) }
        return served[i]
    }

    /// Prepares (reasoning, tools, template) and tokenizes a chat request.
    func prepare(_ request: ChatRequest, on m: ServedModel) throws(InferenceError) -> (PreparedChat, [TokenID]) {
        // The built-in instruction follows the model's thinking style; a configured one is used as given.
        let prompt = thinkingPrompt == .builtin ? ThinkingPrompt.builtin(for: m.thinkingStyle) : thinkingPrompt
        let preparer = ChatPreparer(family: m.family, template: m.template, thinkingPrompt: prompt,
            thinkingStyle: m.thinkingStyle, bosToken: m.bosText, eosToken: m.eosText)
        let closeTag = m.family.nativeThinkTags?.close ?? ReasoningTags.think().close
        let closeTokens = m.tokenizer.encode(closeTag, addSpecial: false, parseSpecial: true).count + 2
        let prepared = try preparer.prepare(request, closeTagTokens: closeTokens,
            outputCap: request.maxTokens ?? m.defaultMaxTokens)
        return (prepared, m.promptTokens(forRendered: prepared.prompt))
    }

    /// The rendered prompt text of a chat request, exactly as generation would see it (for tests and `swiftlet
    /// template`-style inspection).
    public func renderedPrompt(_ request: ChatRequest) throws(InferenceError) -> String {
        try prepare(request, on: try model(request.model)).0.prompt
    }

    public func countTokens(_ request: ChatRequest) async throws(InferenceError) -> Int {
        let m = try model(request.model)
        return try prepare(request, on: m).1.count
    }

    public func tokenize(_ text: String, model name: String) async throws(InferenceError) -> [TokenPiece] {
        let m = try model(name)
        return m.tokenizer.encode(text, addSpecial: false, parseSpecial: false).map { id in
            let bytes = m.tokenizer.tokenBytes(id)
            return TokenPiece(id: id, text: String(decoding: bytes, as: UTF8.self), bytes: bytes)
        }
    }

    public func prepareChat(_ request: ChatRequest) async throws(InferenceError) -> PendingGeneration {
        let m = try model(request.model)
        let (prepared, ids) = try prepare(request, on: m)
        let plan = prepared.plan
        let stop = plan.honoursStopStrings ? request.stop : []
        try RequestAdmission.check(n: request.n, stop: stop, maxTokens: request.maxTokens, sampling: request.sampling)
        let grammar = try plan.compiledGrammar(hasTools: !request.tools.isEmpty)
        let maxTokens = request.maxTokens ?? m.defaultMaxTokens
        var sampling = m.samplingDefaults.filling(request.sampling, keeping: request.explicitSampling)
        // The default DRY penalty is for free text: JSON, grammars and tool calls repeat keys and structure by design.
        if !plan.honoursStopStrings && !request.explicitSampling.contains(.repetitionGuard) {
            sampling.repetitionGuard = .off
        }
        let choices = Self.choices(request.n, sampling: sampling) { index, sampling in
            ChoiceFanOut.Choice(
                sequence: Self.scoped(SequenceRequest(prompt: ids, sampling: sampling, maxTokens: maxTokens,
                    stopStrings: stop, grammar: grammar, traceEnding: plan.traceEnding), request.cacheScope),
                decoder: ChoiceDecoder(tokenizer: m.tokenizer, wantsLogprobs: sampling.logprobs,
                    format: prepared.format,
                    ids: request.sampling.seed.map { ToolCallIDs(seed: $0, prompt: ids, choice: index) } ?? ToolCallIDs(),
                    toolCallsOnly: plan.answersOnlyWithToolCalls))
        }
        return ChoiceFanOut(engine: m.engine, promptTokens: ids.count).pending(choices)
    }

    public func prepareCompletion(_ request: CompletionRequest) async throws(InferenceError) -> PendingGeneration {
        let m = try model(request.model)
        var ids = m.tokenizer.encode(request.prompt, addSpecial: true, parseSpecial: false)
        if ids.isEmpty, let bos = m.tokenizer.bosToken { ids = [bos] }
        guard !ids.isEmpty else { throw .invalidRequest(parameter: "prompt", message: "the prompt is empty") }
        try RequestAdmission.check(n: request.n, stop: request.stop, maxTokens: request.maxTokens, sampling: request.sampling)
        var sampling = m.samplingDefaults.filling(request.sampling, keeping: request.explicitSampling)
        // A raw completion continues the prompt as the model would: no default DRY penalty (a request may set one).
        if !request.explicitSampling.contains(.repetitionGuard) { sampling.repetitionGuard = .off }
        let choices = Self.choices(request.n, sampling: sampling) { _, sampling in
            ChoiceFanOut.Choice(
                sequence: Self.scoped(SequenceRequest(prompt: ids, sampling: sampling,
                    maxTokens: request.maxTokens ?? m.defaultMaxTokens, stopStrings: request.stop), request.cacheScope),
                decoder: ChoiceDecoder(tokenizer: m.tokenizer, wantsLogprobs: sampling.logprobs))
        }
        return ChoiceFanOut(engine: m.engine, promptTokens: ids.count).pending(choices)
    }

    /// `sequence` in the request's prompt-cache scope.
    private static func scoped(_ sequence: SequenceRequest, _ scope: String?) -> SequenceRequest {
        var s = sequence
        s.cacheScope = scope
        return s
    }

    /// The `n` choices of a request. Each gets its own seed (the request's seed + index), so choices differ but
    /// reproduce.
    private static func choices(
        _ n: Int, sampling: SamplingParameters, _ make: (Int, SamplingParameters) -> ChoiceFanOut.Choice
    ) -> [ChoiceFanOut.Choice] {
        (0..<n).map { i in
            var s = sampling
            if let seed = sampling.seed { s.seed = seed &+ UInt64(i) }
            return make(i, s)
        }
    }
}
