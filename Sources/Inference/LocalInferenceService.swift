import ChatTemplates
import Constraints
import Engine
import Foundation
public import InferenceTypes
import Jinja
import OutputParsing
import Tokenizers

/// The in-process inference service: chat template → tokenizer → engine → choice decoder, for each served model.
///
/// Requests are validated and tokenized before anything is queued, so every error that can be known up front is
/// thrown before a stream exists. `n` choices run as `n` engine sequences stepped together.
public final class LocalInferenceService: InferenceService {
    private let served: [ServedModel]
    /// Lower-cased requested names (ids and aliases) → index in `served`.
    private let names: [String: Int]
    /// The instruction that makes models without native reasoning think (`ThinkingPrompt`).
    public let thinkingPrompt: ThinkingPrompt

    /// Serves `models`; `aliases` maps extra names to served ids (e.g. `grok-3-mini` → `smollm2-135m-instruct`);
    /// `thinkingPrompt` replaces the built-in thinking instruction.
    public init(models: [ServedModel], aliases: [String: String] = [:], thinkingPrompt: ThinkingPrompt = .builtin) {
        self.thinkingPrompt = thinkingPrompt
        var described: [ServedModel] = []
        var names: [String: Int] = [:]
        for (i, m) in models.enumerated() {
            var d = m.descriptor
            d.aliases = aliases.filter { $0.value == d.id }.map(\.key).sorted()
            described.append(ServedModel(descriptor: d, tokenizer: m.tokenizer, template: m.template, engine: m.engine, family: m.family))
            names[d.id.lowercased()] = i
            for a in d.aliases { names[a.lowercased()] = i }
        }
        served = described
        self.names = names
    }

    public func models() -> [ModelDescriptor] { served.map(\.descriptor) }

    private func model(_ name: String) throws(InferenceError) -> ServedModel {
        guard let i = names[name.lowercased()] else { throw .modelNotFound(name) }
        return served[i]
    }

    /// Prepares (reasoning, tools, template) and tokenizes a chat request.
    func prepare(_ request: ChatRequest, on m: ServedModel) throws(InferenceError) -> (PreparedChat, [TokenID]) {
        let preparer = ChatPreparer(family: m.family, template: m.template, thinkingPrompt: thinkingPrompt,
            bosToken: m.bosText, eosToken: m.eosText)
        let closeTag = m.family.nativeThinkTags?.close ?? ModelFamily.ThinkTags.think.close
        let closeTokens = m.tokenizer.encode(closeTag, addSpecial: false, parseSpecial: true).count + 2
        let prepared = try preparer.prepare(request, closeTagTokens: closeTokens)
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

    public func chat(_ request: ChatRequest) async throws(InferenceError) -> ChatStream {
        let m = try model(request.model)
        let (prepared, ids) = try prepare(request, on: m)
        let format = OutputFormat(
            reasoning: prepared.thinkTags.map {
                ReasoningTags(open: $0.open, close: $0.close, startsInside: prepared.startsInsideReasoning)
            },
            toolCalls: prepared.toolSyntax.map(Self.parserFormat))
        let grammar = try Self.grammar(for: prepared.plan, hasTools: !request.tools.isEmpty)
        let seed = request.sampling.seed
        let maxTokens = request.maxTokens.map { $0 + prepared.reasoningAllowance }
        // Structured answers and tool calls are never cut short by a client stop string: the grammar decides where
        // they end. Free-text answers (with or without a reasoning trace) honour the stop strings.
        let structured: Bool
        var toolCallsOnly = false
        switch prepared.plan.answer {
        case .free, .text: structured = false
        case .toolCalls: structured = true; toolCallsOnly = true
        default: structured = true
        }
        return try run(ids, on: m, sampling: request.sampling, maxTokens: maxTokens,
            stop: structured ? [] : request.stop, n: request.n, grammar: grammar, toolCallsOnly: toolCallsOnly) { choice in
            (format, seed.map { ToolCallIDs(seed: $0, prompt: ids, choice: choice) } ?? ToolCallIDs())
        }
    }

    static func parserFormat(_ syntax: ModelFamily.ToolCallSyntax) -> ToolCallFormat {
        switch syntax {
        case .hermes: return .hermes
        case .llama3JSON: return .llama3JSON
        case .mistral: return .mistral
        }
    }

    public func complete(_ request: CompletionRequest) async throws(InferenceError) -> ChatStream {
        let m = try model(request.model)
        var ids = m.tokenizer.encode(request.prompt, addSpecial: true, parseSpecial: false)
        if ids.isEmpty, let bos = m.tokenizer.bosToken { ids = [bos] }
        guard !ids.isEmpty else { throw .invalidRequest(parameter: "prompt", message: "the prompt is empty") }
        return try run(ids, on: m, sampling: request.sampling, maxTokens: request.maxTokens, stop: request.stop,
            n: request.n) { _ in (.plain, ToolCallIDs()) }
    }

    /// Submits `n` sequences and merges their events into one stream.
    private func run(
        _ prompt: [TokenID], on m: ServedModel, sampling: SamplingParameters, maxTokens: Int?, stop: [String], n: Int,
        grammar: CompiledGrammar? = nil, toolCallsOnly: Bool = false, decoding: (Int) -> (OutputFormat, ToolCallIDs)
    ) throws(InferenceError) -> ChatStream {
        guard (1...16).contains(n) else { throw .invalidRequest(parameter: "n", message: "must be between 1 and 16") }
        guard stop.count <= 4 else { throw .invalidRequest(parameter: "stop", message: "at most 4 stop sequences") }
        if let maxTokens, maxTokens < 1 {
            throw .invalidRequest(parameter: "max_tokens", message: "must be at least 1")
        }
        do throws(SamplingParametersError) { try sampling.validate() } catch {
            throw .invalidRequest(parameter: error.field.rawValue, message: error.description)
        }
        var streams: [AsyncThrowingStream<EngineEvent, any Error>] = []
        for i in 0..<n {
            var s = sampling
            // Each choice gets its own seed (the request's seed + index), so choices differ but reproduce.
            if let seed = sampling.seed { s.seed = seed &+ UInt64(i) }
            let request = SequenceRequest(
                prompt: prompt, sampling: s, maxTokens: maxTokens, stopStrings: stop, grammar: grammar)
            do {
                streams.append(try m.engine.submit(request))
            } catch {
                throw Self.map(error)
            }
        }
        let engineStreams = streams
        let decoders = (0..<n).map(decoding)
        let tokenizer = m.tokenizer
        let wantsLogprobs = sampling.logprobs
        let promptCount = prompt.count
        return ChatStream { continuation in
            let merger = Task {
                continuation.yield(.started(promptTokens: promptCount, cachedPromptTokens: 0))
                let completion = await withTaskGroup(of: Result<(Int, Int), any Error>.self) { group in
                    for (index, stream) in engineStreams.enumerated() {
                        let (format, ids) = decoders[index]
                        group.addTask {
                            var decoder = ChoiceDecoder(tokenizer: tokenizer, wantsLogprobs: wantsLogprobs,
                                format: format, ids: ids, toolCallsOnly: toolCallsOnly)
                            do {
                                for try await event in stream {
                                    for e in decoder.decode(event) { continuation.yield(.choice(index: index, e)) }
                                }
                                return .success((decoder.generatedTokens, decoder.reasoningTokens))
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var total = (0, 0)
                    var failure: (any Error)?
                    for await r in group {
                        switch r {
                        case .success(let k): total = (total.0 + k.0, total.1 + k.1)
                        case .failure(let e): failure = failure ?? e
                        }
                    }
                    return failure.map { Result<(Int, Int), any Error>.failure($0) } ?? .success(total)
                }
                switch completion {
                case .success(let (generated, reasoning)):
                    // xAI convention in the shared Usage: completion tokens exclude reasoning tokens.
                    continuation.yield(.usage(Usage(promptTokens: promptCount,
                        completionTokens: max(0, generated - reasoning), reasoningTokens: reasoning)))
                    continuation.finish()
                case .failure(let e):
                    continuation.finish(throwing: Self.map(e))
                }
            }
            continuation.onTermination = { _ in merger.cancel() }
        }
    }

    /// Compiles a response format (nil for plain text). A schema or grammar that cannot be enforced is the
    /// client's error: `invalidRequest` naming the field, with the JSON pointer (schemas) or line and column
    /// (grammars) in the message, e.g. `at /properties/age/multipleOf: …`.
    static func grammar(for format: ResponseFormat) throws(InferenceError) -> CompiledGrammar? {
        do {
            return try ConstraintCompiler.compile(format)
        } catch {
            if case .grammar = format {
                throw .invalidRequest(parameter: "grammar", message: error.description)
            }
            throw .invalidRequest(parameter: "response_format", message: "JSON schema \(error.description)")
        }
    }

    /// Compiles an output plan: nil when unconstrained; a plain response format goes through `grammar(for:)` (its
    /// errors name `response_format` / `grammar`); anything with reasoning or tools is compiled as one plan (a tool
    /// schema that cannot be enforced is a 400 naming `tools`).
    static func grammar(for plan: OutputPlan, hasTools: Bool) throws(InferenceError) -> CompiledGrammar? {
        if plan.reasoning == nil, case .format(let format) = plan.answer { return try grammar(for: format) }
        guard let constraint = plan.constraintPlan() else { return nil }
        do {
            return try constraint.compile()
        } catch {
            throw .invalidRequest(parameter: hasTools ? "tools" : "response_format",
                message: "cannot enforce this output: \(error.description)")
        }
    }

    static func map(_ error: any Error) -> InferenceError {
        switch error {
        case let e as InferenceError: return e
        case EngineError.contextOverflow(let n, let limit): return .contextOverflow(promptTokens: n, limit: limit)
        case EngineError.queueFull: return .overloaded(retryAfterSeconds: 1)
        case EngineError.invalidRequest(let m): return .invalidRequest(parameter: nil, message: m)
        case EngineError.emptyPrompt: return .invalidRequest(parameter: "messages", message: "the prompt is empty")
        case EngineError.shutDown: return .cancelled
        case is CancellationError: return .cancelled
        default: return .internalError("\(error)")
        }
    }
}
