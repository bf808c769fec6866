public import Inference
public import InferenceTypes
import Synchronization

/// A scripted `InferenceService` for API and server tests: each request gets the items its script lists, with
/// optional delays, and the service records what it was asked and which streams were cancelled.
///
/// - Important: thread-safe; all recorded state sits behind a `Mutex`.
public final class FakeInferenceService: InferenceService {
    /// What one request produces.
    public struct Script: Sendable {
        /// Thrown by `chat`/`complete` before any stream exists (an HTTP status on the wire).
        public var failBeforeStream: InferenceError?
        /// Wait before the first item (queueing, prefill): keep-alive pings go out meanwhile.
        public var delayBeforeFirst: Duration = .zero
        /// Wait between items.
        public var delayBetween: Duration = .zero
        /// The stream items, in order.
        public var items: [ChatStreamItem]
        /// After `items`, fail the stream with this error instead of finishing it.
        public var failAfterItems: InferenceError?

        /// A script with every field given.
        public init(
            items: [ChatStreamItem], failBeforeStream: InferenceError? = nil, failAfterItems: InferenceError? = nil,
            delayBeforeFirst: Duration = .zero, delayBetween: Duration = .zero
        ) {
            self.items = items
            self.failBeforeStream = failBeforeStream
            self.failAfterItems = failAfterItems
            self.delayBeforeFirst = delayBeforeFirst
            self.delayBetween = delayBetween
        }

        /// A script that throws `error` before the stream.
        public static func failing(_ error: InferenceError) -> Script { Script(items: [], failBeforeStream: error) }

        /// A well-formed response: `started`, then for each choice its reasoning deltas, content deltas, tool calls
        /// (each with its arguments in two fragments) and `finished`, then the usage. Each delta counts as one token.
        public static func reply(
            content: [String], reasoning: [String] = [], toolCalls: [ToolCall] = [], finish: FinishReason? = nil,
            promptTokens: Int = 10, cachedPromptTokens: Int = 0, choices: Int = 1
        ) -> Script {
            var items: [ChatStreamItem] = [.started(promptTokens: promptTokens, cachedPromptTokens: cachedPromptTokens)]
            var usage = Usage(promptTokens: promptTokens, cachedPromptTokens: cachedPromptTokens)
            for c in 0..<choices {
                for r in reasoning { items.append(.choice(index: c, .reasoningDelta(r))) }
                for s in content { items.append(.choice(index: c, .contentDelta(s))) }
                for (k, call) in toolCalls.enumerated() {
                    items.append(.choice(index: c, .toolCallStart(index: k, id: call.id, name: call.name)))
                    let cut = call.arguments.index(call.arguments.startIndex, offsetBy: call.arguments.count / 2)
                    items.append(.choice(index: c, .toolCallArguments(index: k, delta: String(call.arguments[..<cut]))))
                    items.append(.choice(index: c, .toolCallArguments(index: k, delta: String(call.arguments[cut...]))))
                    items.append(.choice(index: c, .toolCallEnd(index: k)))
                }
                items.append(.choice(index: c, .finished(finish ?? (toolCalls.isEmpty ? .stop : .toolCalls))))
                usage.reasoningTokens += reasoning.count
                usage.completionTokens += content.count + toolCalls.count * 2
            }
            items.append(.usage(usage))
            return Script(items: items)
        }
    }

    /// What the service recorded.
    public struct Record: Sendable {
        /// Chat requests, in arrival order (model already resolved by the server).
        public var chatRequests: [ChatRequest] = []
        /// Text completion requests.
        public var completionRequests: [CompletionRequest] = []
        /// Token counting requests.
        public var countRequests: [ChatRequest] = []
        /// Streams whose consumer went away before the end.
        public var cancelledStreams = 0
        /// Streams that delivered every item.
        public var completedStreams = 0
    }

    private let served: [ModelDescriptor]
    private let script: @Sendable (ChatRequest) -> Script
    private let completionScript: Script
    private let tokenCount: Int
    /// Shared with the producing tasks, which outlive a call.
    private final class RecordBox: Sendable {
        let mutex = Mutex(Record())
        func withLock<T: Sendable>(_ body: (inout Record) -> T) -> T { mutex.withLock { body(&$0) } }
    }

    private let state = RecordBox()

    /// - Parameters:
    ///   - models: the served models (default: one model `swiftlet-test` with alias `test-alias`).
    ///   - tokenCount: what `countTokens` answers (default: 10, matching `Script.reply`'s default prompt size).
    ///   - completionScript: the response to every text completion request.
    ///   - script: the response to each chat request.
    public init(
        models: [ModelDescriptor] = [FakeInferenceService.defaultModel],
        tokenCount: Int = 10,
        completionScript: Script = .reply(content: ["Hello", " world"]),
        script: @escaping @Sendable (ChatRequest) -> Script = { _ in .reply(content: ["Hello", "!"]) }
    ) {
        self.served = models
        self.script = script
        self.completionScript = completionScript
        self.tokenCount = tokenCount
    }

    /// The default served model.
    public static let defaultModel = ModelDescriptor(
        id: "swiftlet-test", aliases: ["test-alias"], displayName: "Swiftlet Test", created: 1_743_724_800,
        contextLength: 4096, capabilities: ["chat"],
        pricing: TokenPricing(inputPerMillion: 0.30, cachedInputPerMillion: 0.075, outputPerMillion: 0.50)
    )

    /// A snapshot of what was recorded so far.
    public var record: Record { state.withLock { $0 } }

    /// The served models.
    public func models() -> [ModelDescriptor] { served }

    /// The cap a request without `max_tokens` is given (what `maxGeneratedTokens` assumes).
    public static let defaultMaxTokens = 100

    /// Plays the script for `request` once started.
    public func prepareChat(_ request: ChatRequest) async throws(InferenceError) -> PendingGeneration {
        try check(request.model)
        state.withLock { $0.chatRequests.append(request) }
        let s = script(request)
        if let e = s.failBeforeStream { throw e }
        return pending(s, maxTokens: request.maxTokens, n: request.n)
    }

    /// Plays the completion script once started.
    public func prepareCompletion(_ request: CompletionRequest) async throws(InferenceError) -> PendingGeneration {
        try check(request.model)
        state.withLock { $0.completionRequests.append(request) }
        let s = completionScript
        if let e = s.failBeforeStream { throw e }
        return pending(s, maxTokens: request.maxTokens, n: request.n)
    }

    private func pending(_ s: Script, maxTokens: Int?, n: Int) -> PendingGeneration {
        var prompt = 0
        if case .started(let p, _)? = s.items.first { prompt = p }
        return PendingGeneration(promptTokens: prompt, maxGeneratedTokens: (maxTokens ?? Self.defaultMaxTokens) * n) {
            [self] meter throws(InferenceError) in play(s, meter: meter)
        }
    }

    /// Answers the configured token count.
    public func countTokens(_ request: ChatRequest) async throws(InferenceError) -> Int {
        try check(request.model)
        state.withLock { $0.countRequests.append(request) }
        if let e = script(request).failBeforeStream { throw e }
        return tokenCount
    }

    /// Splits on spaces; each word (with its leading space) is one token, ids count from 1.
    public func tokenize(_ text: String, model: String) async throws(InferenceError) -> [TokenPiece] {
        try check(model)
        var pieces: [TokenPiece] = []
        var current = ""
        for ch in text {
            if ch == " ", !current.isEmpty {
                pieces.append(TokenPiece(id: TokenID(pieces.count + 1), text: current, bytes: Array(current.utf8)))
                current = ""
            }
            current.append(ch)
        }
        if !current.isEmpty { pieces.append(TokenPiece(id: TokenID(pieces.count + 1), text: current, bytes: Array(current.utf8))) }
        return pieces
    }

    private func check(_ model: String) throws(InferenceError) {
        guard served.contains(where: { $0.id == model || $0.aliases.contains(model) }) else { throw .modelNotFound(model) }
    }

    /// Plays `s`; each reasoning or content delta counts as one generated token on `meter`.
    private func play(_ s: Script, meter: UsageMeter?) -> ChatStream {
        let state = self.state
        let (stream, continuation) = ChatStream.makeStream()
        let task = Task {
            var generated: [Int: (all: Int, reasoning: Int)] = [:]
            do {
                if s.delayBeforeFirst > .zero { try await Task.sleep(for: s.delayBeforeFirst) }
                for (n, item) in s.items.enumerated() {
                    if n > 0, s.delayBetween > .zero { try await Task.sleep(for: s.delayBetween) }
                    try Task.checkCancellation()
                    switch item {
                    case .started(let prompt, _): meter?.recordPrompt(tokens: prompt)
                    case .usage(let u): meter?.recordFinal(u)
                    case .choice(let index, .reasoningDelta), .choice(let index, .contentDelta):
                        var g = generated[index] ?? (0, 0)
                        g.all += 1
                        if case .choice(_, .reasoningDelta) = item { g.reasoning += 1 }
                        generated[index] = g
                        meter?.record(choice: index, generated: g.all, reasoning: g.reasoning, cachedPromptTokens: 0)
                    case .choice: break
                    }
                    continuation.yield(item)
                }
                if let e = s.failAfterItems {
                    continuation.finish(throwing: e)
                } else {
                    state.withLock { $0.completedStreams += 1 }
                    continuation.finish()
                }
            } catch {
                continuation.finish(throwing: InferenceError.cancelled)
            }
        }
        continuation.onTermination = { termination in
            if case .cancelled = termination {
                state.withLock { $0.cancelledStreams += 1 }
                task.cancel()
            }
        }
        return stream
    }
}
