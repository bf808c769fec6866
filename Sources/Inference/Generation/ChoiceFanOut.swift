import Engine
import InferenceTypes
import Tokenizers

/// Runs the `n` choices of one request as `n` engine sequences stepped together and merges their events into one
/// response stream: `started`, then each choice's events as they come, then one `usage` (`UsageTotals`).
///
/// - Important: every sequence is submitted before the stream exists, so a full queue is an error of the call, not of
///   the stream. The merge runs in one task; dropping the stream cancels it, which ends every engine stream and frees
///   their slots.
struct ChoiceFanOut {
    /// One choice: what to submit and how to decode it.
    struct Choice {
        var sequence: SequenceRequest
        var decoder: ChoiceDecoder
    }

    let engine: Engine
    let promptTokens: Int

    /// The request, ready to start: its worst case is every choice running to its cap (or to the end of the
    /// context, for a choice without one).
    func pending(_ choices: [Choice]) -> PendingGeneration {
        let fanOut = self
        let room = max(0, engine.contextLength - promptTokens)
        let worst = choices.reduce(0) { $0 + min($1.sequence.maxTokens ?? room, room) }
        return PendingGeneration(promptTokens: promptTokens, maxGeneratedTokens: worst) { meter throws(InferenceError) in
            try fanOut.start(choices, meter: meter)
        }
    }

    /// Submits every choice and returns the merged stream; `meter` follows each choice's usage as it decodes.
    func start(_ choices: [Choice], meter: UsageMeter? = nil) throws(InferenceError) -> ChatStream {
        var streams: [AsyncThrowingStream<EngineEvent, any Error>] = []
        for c in choices {
            do {
                streams.append(try engine.submit(c.sequence))
            } catch {
                throw InferenceError.from(error)
            }
        }
        let submitted = streams
        let decoders = choices.map(\.decoder)
        let promptTokens = promptTokens
        return ChatStream { continuation in
            let merger = Task {
                meter?.recordPrompt(tokens: promptTokens)
                continuation.yield(.started(promptTokens: promptTokens, cachedPromptTokens: 0))
                let outcome = await withTaskGroup(of: Result<ChoiceUsage, any Error>.self) { group in
                    for (index, stream) in submitted.enumerated() {
                        let initial = decoders[index]
                        group.addTask {
                            var decoder = initial
                            do {
                                for try await event in stream {
                                    let events = decoder.decode(event)
                                    if let meter {
                                        let u = decoder.usage
                                        meter.record(choice: index, generated: u.generatedTokens, reasoning: u.reasoningTokens,
                                            cachedPromptTokens: u.cachedPromptTokens)
                                    }
                                    for e in events { continuation.yield(.choice(index: index, e)) }
                                }
                                return .success(decoder.usage)
                            } catch {
                                return .failure(error)
                            }
                        }
                    }
                    var totals = UsageTotals(promptTokens: promptTokens)
                    var failure: (any Error)?
                    for await r in group {
                        switch r {
                        case .success(let u): totals.add(u)
                        case .failure(let e): failure = failure ?? e
                        }
                    }
                    return failure.map { Result<UsageTotals, any Error>.failure($0) } ?? .success(totals)
                }
                switch outcome {
                case .success(let totals):
                    meter?.recordFinal(totals.usage)
                    continuation.yield(.usage(totals.usage))
                    continuation.finish()
                case .failure(let e):
                    continuation.finish(throwing: InferenceError.from(e))
                }
            }
            continuation.onTermination = { _ in merger.cancel() }
        }
    }
}
