import Constraints
import Foundation
import InferenceTypes
import Sampling
import Tokenizers

/// One running sequence inside the engine: its slot, phase, sampler, detokenizer and stop conditions.
///
/// - Important: owned by the engine thread; never touched from anywhere else.
final class SequenceRuntime {
    let id: UInt64
    let request: SequenceRequest
    let continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation
    var slot = -1
    /// Prompt tokens whose keys and values were reused from the prompt cache at admission.
    var cachedPromptTokens = 0
    /// Steps this sequence waited, admissible, for a leader prefilling the same prefix.
    var waitedSteps = 0
    var phase: BatchPlanner.Phase
    var pendingToken: TokenID = 0
    var generated = 0
    var sampler: Sampler
    var detokenizer: StreamingDetokenizer
    var stops: StopStringMatcher
    /// The grammar state when the request has a constraint plan.
    var matcher: GrammarMatcher?
    let stopTokens: Set<TokenID>
    let tokenizer: Tokenizer
    /// The last byte of the reasoning trace so far that is not a space or line break (``TraceEnding``).
    var lastTraceByte: UInt8?
    /// The trace's tokens so far, kept when the trace ending may repeat them as the answer.
    var traceTokens: [TokenID] = []
    /// The trace's tokens still to repeat as the answer once the closing text is complete (nil: no echo).
    var echo: ArraySlice<TokenID>?
    /// The last echoed token was generated: the output ends.
    var echoFinished = false
    /// The model closed the trace itself and the answer has no visible character yet: an end of turn now repeats the
    /// trace as the answer (``TraceEnding``).
    var answerMayEcho = false
    let admitted = Date()
    var firstToken: Date?

    init(
        id: UInt64, request: SequenceRequest, matcher: GrammarMatcher? = nil, tokenizer: Tokenizer, vocabularySize: Int,
        sequenceBreakers: [Bool] = [], continuation: AsyncThrowingStream<EngineEvent, any Error>.Continuation
    ) throws(EngineError) {
        self.id = id
        self.request = request
        self.continuation = continuation
        self.matcher = matcher
        phase = .prefill(done: 0, total: request.prompt.count)
        do {
            sampler = try Sampler(parameters: request.sampling, vocabularySize: vocabularySize, prompt: request.prompt,
                sequenceBreakers: request.sampling.repetitionGuard.isOn ? sequenceBreakers : [])
        } catch {
            throw .invalidRequest(error.description)
        }
        detokenizer = StreamingDetokenizer(tokenizer: tokenizer)
        self.tokenizer = tokenizer
        stops = StopStringMatcher(stopStrings: request.stopStrings)
        stopTokens = request.stopTokens.isEmpty ? tokenizer.endOfGenerationTokens : request.stopTokens
    }

    /// Samples from `logits`, emits the token, and returns why the sequence ends now, if it does.
    /// `nextPosition` is where the sampled token would be fed.
    func consume(logits: UnsafeMutableBufferPointer<Float>, nextPosition: Int, contextLength: Int) throws(SamplingError)
        -> EngineFinishReason?
    {
        var sampled: SampledToken
        if let m = matcher {
            let ending = request.traceEnding.flatMap { m.isInsideBudgetedSegment($0.segment) ? $0 : nil }
            var endedByEngine = false
            defer {
                // The trace closed with this token: the answer is a new part for the DRY penalty.
                if let ending, matcher?.isInsideBudgetedSegment(ending.segment) == false {
                    sampler.startOutputPart()
                    answerMayEcho = ending.echoesTraceAtEndOfTurn && !endedByEngine
                }
            }
            let mayEchoNow = answerMayEcho && echo == nil && m.forcedBytes(limit: 1).isEmpty
            let remaining = remainingTokens(nextPosition: nextPosition, contextLength: contextLength)
            let constraint = GrammarConstraint(matcher: m, remainingTokens: remaining,
                endOfGenerationAllowed: (ending?.atEndOfTurn ?? false) || mayEchoNow)
            if let next = echoToken(m) {
                sampled = try sampler.sample(logits: logits, forced: next)
            } else {
                sampled = try sampler.sample(logits: logits, constraint: constraint, mode: .sampleFirst)
                if mayEchoNow && m.vocabulary.endOfGeneration.contains(sampled.id) {
                    // The model closed its trace and has nothing to add: the trace was its answer.
                    echo = answerEcho(closedByModel: true)
                    if let next = echoToken(m) {
                        sampled = try sampler.sample(logits: logits, forced: next)
                    } else {
                        let answer = GrammarConstraint(matcher: m, remainingTokens: remaining)
                        sampled = try sampler.sample(logits: logits, constraint: answer, mode: .sampleFirst)
                    }
                }
            }
            if answerMayEcho && ending == nil {
                answerMayEcho = isBlank(sampled.id)
            }
            if let ending {
                let bytes = tokenizer.tokenBytes(sampled.id)
                if endsTrace(with: sampled.id, bytes: bytes, ending, m) {
                    endedByEngine = true
                    // The trace ends here: its closing text takes the place of the sampled token.
                    if ending.echoesTraceAtEndOfTurn && m.vocabulary.endOfGeneration.contains(sampled.id) {
                        echo = answerEcho(closedByModel: false)
                    }
                    matcher?.finishSegment(ending.segment)
                    guard let closing = matcher?.longestAllowedToken() else { throw .constraintAllowsNothing }
                    sampled = try sampler.sample(logits: logits, forced: closing)
                } else {
                    if ending.echoesTraceAtEndOfTurn { traceTokens.append(sampled.id) }
                    if let last = bytes.last(where: { $0 != 0x20 && $0 != 0x0A }) { lastTraceByte = last }
                }
            }
            // The sampler only returns allowed tokens; a refusal here would be a matcher bug, not the model's.
            guard matcher?.accept(token: sampled.id) == true else { throw .constraintAllowsNothing }
        } else {
            sampled = try sampler.sample(logits: logits)
        }
        try sampler.accept(sampled.id)
        if firstToken == nil { firstToken = Date() }
        generated += 1
        let top = sampled.top.map { TopToken(id: $0.id, logprob: $0.logprob) }
        if stopTokens.contains(sampled.id) && !request.ignoreEndOfGeneration {
            continuation.yield(.token(GeneratedToken(id: sampled.id, text: "", logprob: sampled.logprob, top: top)))
            return .endOfGeneration
        }
        let text = stops.append(detokenizer.append(sampled.id))
        continuation.yield(.token(GeneratedToken(id: sampled.id, text: text, logprob: sampled.logprob, top: top)))
        if let s = stops.matched { return .stopString(s) }
        // The answer was the trace repeated: the model had already ended its turn.
        if echoFinished { return .endOfGeneration }
        // The grammar is complete and nothing may follow: only an end token could come next, so end here.
        if let m = matcher, m.isComplete, !m.canContinue { return .endOfGeneration }
        if let max = request.maxTokens, generated >= max { return .maxTokens }
        if nextPosition >= contextLength { return .contextFull }
        pendingToken = sampled.id
        phase = .decode(position: nextPosition)
        return nil
    }

    /// The trace's tokens to repeat as the answer, without the line breaks and spaces it starts and ends with and,
    /// when the model closed the trace itself, without the tokens that spell its closing tag (the token the tag starts
    /// in goes with them); nil when nothing else is left.
    private func answerEcho(closedByModel: Bool) -> ArraySlice<TokenID>? {
        var end = traceTokens.endIndex
        if closedByModel, let tag = request.traceEnding?.closingText, !tag.isEmpty {
            var suffix: [UInt8] = []
            while end > traceTokens.startIndex {
                end -= 1
                suffix.insert(contentsOf: tokenizer.tokenBytes(traceTokens[end]), at: 0)
                if suffix.firstRange(of: tag) != nil { break }
            }
        }
        while end > traceTokens.startIndex && isBlank(traceTokens[end - 1]) { end -= 1 }
        guard let start = traceTokens[..<end].firstIndex(where: { !isBlank($0) }) else { return nil }
        return traceTokens[start..<end]
    }

    /// Whether a token is only spaces and line breaks.
    private func isBlank(_ token: TokenID) -> Bool {
        tokenizer.tokenBytes(token).allSatisfy { $0 == 0x20 || $0 == 0x0A }
    }

    /// The next token of the echo (``TraceEnding/echoesTraceAtEndOfTurn``) once the closing text is complete, or nil
    /// (no echo, the closing text still being generated, or an echo the answer's grammar refuses: then it stops and
    /// the model writes the answer).
    private func echoToken(_ m: GrammarMatcher) -> TokenID? {
        guard let e = echo, let next = e.first, m.forcedBytes(limit: 1).isEmpty else { return nil }
        guard m.allows(token: next) else {
            echo = nil
            return nil
        }
        echo = e.dropFirst()
        if echo?.isEmpty == true {
            echo = nil
            echoFinished = true
        }
        return next
    }

    /// Whether `token`, sampled inside the trace, ends it (see ``TraceEnding``).
    private func endsTrace(with token: TokenID, bytes: [UInt8], _ ending: TraceEnding, _ m: GrammarMatcher) -> Bool {
        if m.vocabulary.endOfGeneration.contains(token) { return ending.atEndOfTurn }
        guard let after = ending.atSentenceEndAfter, m.budgetedTokens(inSegment: ending.segment) >= after else {
            return false
        }
        return TraceEnding.startsSentence(bytes, after: lastTraceByte)
    }

    /// Tokens this sequence may still generate, the one being sampled now included: what is left of `max_tokens`
    /// and of the context (the constraint steers the output to finish within it).
    func remainingTokens(nextPosition: Int, contextLength: Int) -> Int {
        let context = contextLength - nextPosition + 1
        guard let max = request.maxTokens else { return context }
        return min(max - generated, context)
    }

    /// Releases held-back text and ends the stream.
    func finish(_ reason: EngineFinishReason) {
        if reason != .cancelled {
            var tail = ""
            if stops.matched == nil {
                tail = stops.append(detokenizer.flush())
                if stops.matched == nil { tail += stops.flush() }
            }
            if !tail.isEmpty { continuation.yield(.text(tail)) }
        }
        let now = Date()
        let first = firstToken ?? now
        continuation.yield(.finished(EngineFinish(
            reason: reason, promptTokens: request.prompt.count, cachedPromptTokens: cachedPromptTokens,
            generatedTokens: generated,
            prefillSeconds: first.timeIntervalSince(admitted), decodeSeconds: now.timeIntervalSince(first))))
        continuation.finish()
    }
}
