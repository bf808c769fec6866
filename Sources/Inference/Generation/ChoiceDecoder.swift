import Engine
import InferenceTypes
import OutputParsing
import Tokenizers

/// Turns one choice's engine events into chat events. A pure value type: event in, events out.
///
/// Text deltas go through an `OutputParser` (reasoning / content / tool calls, streaming-safe); tool calls get
/// non-empty ids (`ToolCallIDs`) and are released whole when they end (`ToolCallHold`: a call the token cap cuts is
/// dropped); the engine's finish becomes a `FinishReason` (`toolCalls` when a call was made and the model ended its
/// turn). Reasoning tokens are counted from the parser's own state as each token is fed: from
/// the first token of the reasoning (tokens that spelled spaces or part of the opening tag included, once the tag is
/// complete) through the token that completes the closing tag.
struct ChoiceDecoder: Sendable {
    let tokenizer: Tokenizer
    let wantsLogprobs: Bool
    private var parser: OutputParser
    private var ids: ToolCallIDs
    private var generatedTokens = 0
    private var reasoningTokens = 0
    /// Tokens fed while the parser could not yet tell whether the output opens with reasoning.
    private var undecidedTokens = 0
    /// Prompt tokens the engine took from its prompt cache instead of computing them (known at the finish).
    private var cachedPromptTokens = 0
    private var madeToolCall = false
    /// A call's events wait for its end, so a call cut by the token cap is dropped instead of returned.
    private var hold = ToolCallHold()
    /// The answer may only be tool calls (`required` / named): text the parser releases at the end (a call cut by
    /// the token cap) is dropped instead of being returned as content.
    let toolCallsOnly: Bool

    /// A decoder for one choice; `format` says how to parse the output, `ids` names the calls.
    init(
        tokenizer: Tokenizer, wantsLogprobs: Bool, format: OutputFormat = .plain, ids: ToolCallIDs = ToolCallIDs(),
        toolCallsOnly: Bool = false
    ) {
        self.toolCallsOnly = toolCallsOnly
        self.tokenizer = tokenizer
        self.wantsLogprobs = wantsLogprobs
        self.parser = OutputParser(format: format)
        self.ids = ids
    }

    /// What this choice spent so far (final once the engine's finish event is decoded).
    var usage: ChoiceUsage {
        ChoiceUsage(generatedTokens: generatedTokens, reasoningTokens: reasoningTokens,
            cachedPromptTokens: cachedPromptTokens)
    }

    mutating func decode(_ event: EngineEvent) -> [ChatEvent] {
        switch event {
        case .started:
            return []
        case .token(let t):
            generatedTokens += 1
            var out: [ChatEvent] = []
            if wantsLogprobs, let lp = t.logprob {
                out.append(.logprobs([logprob(t.id, lp, top: t.top)]))
            }
            let before = (phase: parser.reasoningPhase, blocks: parser.reasoningBlocks)
            if !t.text.isEmpty { out += hold.pass(map(parser.feed(t.text))) }
            countReasoning(before: before.phase, blocksBefore: before.blocks)
            return out
        case .text(let s):
            return s.isEmpty ? [] : hold.pass(map(parser.feed(s)))
        case .finished(let f):
            generatedTokens = f.generatedTokens
            cachedPromptTokens = f.cachedPromptTokens
            let cut = f.reason == .maxTokens || f.reason == .contextFull
            var flushed = cut ? hold.droppingOpenCall(map(parser.finish())) : hold.pass(map(parser.finish()))
            if toolCallsOnly {
                flushed.removeAll { if case .contentDelta = $0 { return true } else { return false } }
            }
            switch f.reason {
            case .endOfGeneration: return flushed + [.finished(madeToolCall ? .toolCalls : .stop)]
            case .stopString(let s): return flushed + [.finished(madeToolCall ? .toolCalls : .stopSequence(s))]
            case .maxTokens: return flushed + [.finished(.length)]
            case .contextFull: return flushed + [.finished(.contextLength)]
            case .cancelled: return []
            }
        }
    }

    /// Counts the token just fed: reasoning when it was inside a reasoning block, opened one, or closed one.
    private mutating func countReasoning(before: OutputParser.ReasoningPhase, blocksBefore: Int) {
        let opened = parser.reasoningBlocks > blocksBefore
        if before == .inside || parser.reasoningPhase == .inside || opened {
            reasoningTokens += 1
            if opened && before == .undecided { reasoningTokens += undecidedTokens }
            undecidedTokens = 0
        } else if parser.reasoningPhase == .undecided {
            undecidedTokens += 1
        } else {
            undecidedTokens = 0
        }
    }

    private mutating func map(_ events: [OutputEvent]) -> [ChatEvent] {
        events.compactMap { e -> ChatEvent? in
            switch e {
            case .reasoning(let s): return s.isEmpty ? nil : .reasoningDelta(s)
            case .content(let s): return s.isEmpty ? nil : .contentDelta(s)
            case .toolCallStart(let index, let name):
                madeToolCall = true
                return .toolCallStart(index: index, id: ids.id(for: index), name: name)
            case .toolCallArguments(let index, let delta): return .toolCallArguments(index: index, delta: delta)
            case .toolCallEnd(let index): return .toolCallEnd(index: index)
            }
        }
    }

    private func logprob(_ id: TokenID, _ lp: Float, top: [TopToken]) -> TokenLogprob {
        let bytes = tokenizer.tokenBytes(id)
        return TokenLogprob(token: String(decoding: bytes, as: UTF8.self), bytes: bytes, logprob: Double(lp),
            top: top.map { alt in
                let b = tokenizer.tokenBytes(alt.id)
                return TokenAlternative(token: String(decoding: b, as: UTF8.self), bytes: b, logprob: Double(alt.logprob))
            })
    }
}
