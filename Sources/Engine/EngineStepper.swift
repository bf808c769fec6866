import Foundation
import InferenceTypes
public import Tokenizers

/// Steps sequences on the calling thread, without the engine's thread: the same admission, batch planning, forward
/// pass, sampling, detokenizing and stop checks as ``Engine`` runs per step, for benchmarks and allocation probes.
///
/// Events are dropped as they are produced (each sequence's stream buffers none), so a step spends nothing on
/// handing them to a consumer; everything else is exactly the serving path.
///
/// - Important: not thread-safe; one thread creates the stepper and calls all of its methods.
public final class EngineStepper {
    private let core: EngineCore
    private var nextID: UInt64 = 1
    // Streams of the added sequences, kept so that they stay open while their sequences run.
    private var streams: [AsyncThrowingStream<EngineEvent, any Error>] = []

    /// A stepper running `model` with `tokenizer` (for detokenizing and end-of-generation tokens); `promptCache` as
    /// for ``Engine/init(model:tokenizer:queueCapacity:promptCache:)``.
    public init(model: any BatchModel, tokenizer: Tokenizer, promptCache: Bool = true) {
        core = EngineCore(model: model, tokenizer: tokenizer, promptCache: promptCache)
    }

    /// Sequences admitted into a slot and not finished.
    public var activeCount: Int { core.active.count }
    /// Whether no sequence is waiting or running.
    public var isIdle: Bool { !core.hasWork }

    /// Queues `request` and returns its id; the next ``step()`` admits it if a slot is free.
    /// - Throws: `EngineError.emptyPrompt`, `.contextOverflow` or `.invalidRequest` (bad sampling parameters).
    @discardableResult
    public func add(_ request: SequenceRequest) throws(EngineError) -> UInt64 {
        guard !request.prompt.isEmpty else { throw .emptyPrompt }
        guard request.prompt.count < core.model.contextLength else {
            throw .contextOverflow(promptTokens: request.prompt.count, limit: core.model.contextLength)
        }
        let (stream, continuation) = AsyncThrowingStream<EngineEvent, any Error>.makeStream(
            bufferingPolicy: .bufferingNewest(0))
        let s = try SequenceRuntime(id: nextID, request: request, tokenizer: core.tokenizer,
            vocabularySize: core.model.vocabularySize, sequenceBreakers: core.sequenceBreakers,
            continuation: continuation)
        nextID += 1
        streams.append(stream)
        core.enqueue(s)
        return s.id
    }

    /// Ends sequence `id` (the value ``add(_:)`` returned) wherever it is, freeing its slot now.
    public func cancel(_ id: UInt64) {
        core.cancel(id)
    }

    /// Admits waiting sequences, runs one batch and samples, as one turn of the engine's loop. Returns false when
    /// there was nothing to run.
    /// - Throws: the model's error (a failed forward pass).
    @discardableResult
    public func step() throws -> Bool {
        try core.step()
    }
}
