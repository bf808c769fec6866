public import Constraints
public import InferenceTypes
import Foundation
public import Tokenizers

/// Runs sequences on one model: token ids in, token events out, many sequences stepped together.
///
/// `submit` validates a request and returns its event stream at once; a dedicated thread admits it into a free KV
/// slot, prefills its prompt in chunks alongside running decodes, and streams tokens until a stop condition.
/// Dropping the stream (its consumer stops iterating or its task is cancelled) cancels the sequence and frees its slot
/// within one step.
///
/// - Important: the model and all sequence state are touched only by the engine's own thread; the public methods only
///   exchange messages with it under a lock.
public final class Engine: Sendable {
    /// Most requests waiting for a slot before `submit` refuses with `queueFull`.
    public let queueCapacity: Int
    public let contextLength: Int
    public let vocabularySize: Int
    private let mailbox: Mailbox
    private let constraintIndex: ConstraintVocabularyCache

    /// The model's vocabulary index for constrained decoding, built on first use (a few hundred ms for 262k
    /// tokens) and shared by every constrained sequence on this engine.
    public var constraintVocabulary: ConstraintVocabulary { constraintIndex.vocabulary }

    /// Starts the engine thread for `model`. With `promptCache` (the default), finished sequences leave their keys
    /// and values in their slots and a new prompt sharing a prefix with a cached or running one skips that prefix.
    public init(model: any BatchModel, tokenizer: Tokenizer, queueCapacity: Int = 64, promptCache: Bool = true) {
        self.queueCapacity = queueCapacity
        contextLength = model.contextLength
        vocabularySize = model.vocabularySize
        constraintIndex = ConstraintVocabularyCache(tokenizer: tokenizer, logitCount: model.vocabularySize)
        let core = EngineCore(model: model, tokenizer: tokenizer, promptCache: promptCache)
        mailbox = Mailbox(core: core, tokenizer: tokenizer)
        let box = mailbox
        let thread = Thread { box.run() }
        thread.name = "swiftlet-engine"
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Queues a sequence and returns its events.
    public func submit(_ request: SequenceRequest) throws(EngineError) -> AsyncThrowingStream<EngineEvent, any Error> {
        guard !request.prompt.isEmpty else { throw .emptyPrompt }
        guard request.prompt.count < contextLength else {
            throw .contextOverflow(promptTokens: request.prompt.count, limit: contextLength)
        }
        // The matcher is made here, on the caller's thread, so the first constrained request's vocabulary build
        // never holds up the engine thread.
        let matcher = request.grammar.map { GrammarMatcher(grammar: $0, vocabulary: constraintVocabulary) }
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream()
        try mailbox.post(request, matcher: matcher, continuation: continuation, capacity: queueCapacity)
        return stream
    }

    /// The engine's load as of its last step.
    public var statistics: EngineStatistics { mailbox.statistics }

    /// Cancels everything and stops the thread (streams end with `EngineError.shutDown`).
    public func shutdown() { mailbox.shutdown() }

    deinit { mailbox.shutdown() }
}

/// The lock-protected message box between callers and the engine thread.
///
/// - Important: every stored property except `core` is guarded by `condition`; `core` belongs to the engine thread.
final class Mailbox: @unchecked Sendable {
    private let condition = NSCondition()
    private let core: EngineCore
    private let tokenizer: Tokenizer
    private var incoming: [SequenceRuntime] = []
    private var cancelled: [UInt64] = []
    private var nextID: UInt64 = 1
    private var stopping = false
    private var queued = 0
    private var published = EngineStatistics()

    init(core: EngineCore, tokenizer: Tokenizer) {
        self.core = core
        self.tokenizer = tokenizer
        published = core.statistics
    }

    /// The snapshot the engine thread published last; requests posted since then count as waiting.
    var statistics: EngineStatistics {
        condition.lock()
        defer { condition.unlock() }
        var s = published
        s.waiting += incoming.count
        return s
    }

    func post(
        _ request: SequenceRequest, matcher: GrammarMatcher?, continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation,
        capacity: Int
    ) throws(EngineError) {
        condition.lock()
        defer { condition.unlock() }
        guard !stopping else { throw .shutDown }
        guard queued < capacity else { throw .queueFull(capacity: capacity) }
        let id = nextID
        nextID += 1
        let s = try SequenceRuntime(id: id, request: request, matcher: matcher, tokenizer: tokenizer,
            vocabularySize: core.model.vocabularySize, sequenceBreakers: core.sequenceBreakers,
            continuation: continuation)
        continuation.onTermination = { [weak self] termination in
            if case .cancelled = termination { self?.cancel(id) }
        }
        incoming.append(s)
        queued += 1
        condition.signal()
    }

    func cancel(_ id: UInt64) {
        condition.lock()
        cancelled.append(id)
        condition.signal()
        condition.unlock()
    }

    func shutdown() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
    }

    /// The engine thread's loop.
    func run() {
        while true {
            condition.lock()
            while incoming.isEmpty && cancelled.isEmpty && !stopping && !core.hasWork { condition.wait() }
            let newOnes = incoming
            let gone = cancelled
            let stop = stopping
            incoming.removeAll()
            cancelled.removeAll()
            condition.unlock()

            for s in newOnes { core.enqueue(s) }
            for id in gone { core.cancel(id) }
            if stop {
                core.failAll(EngineError.shutDown)
                return
            }
            do {
                try core.step()
            } catch {
                core.failAll(EngineError.modelFailure("\(error)"))
            }
            let snapshot = core.statistics
            condition.lock()
            queued = core.waitingCount
            published = snapshot
            condition.unlock()
        }
    }
}
