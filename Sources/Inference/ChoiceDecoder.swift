import Engine
import InferenceTypes
import OutputParsing
import Tokenizers

/// Turns one choice's engine events into chat events. A pure value type: event in, events out.
///
/// Text deltas go through an `OutputParser` (reasoning / content / tool calls, streaming-safe); tool calls get
/// non-empty ids (`ToolCallIDs`); the engine's finish becomes a `FinishReason` (`toolCalls` when a call was made and
/// the model ended its turn). Tokens are counted as reasoning from the first token of the reasoning (or from the start
/// when the prompt opened it) through the token that completes the closing tag.
struct ChoiceDecoder {
    let tokenizer: Tokenizer
    let wantsLogprobs: Bool
    private var parser: OutputParser
    private var ids: ToolCallIDs
    private var reasoning: ReasoningCounter?
    private(set) var generatedTokens = 0
    private var madeToolCall = false
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
        self.reasoning = format.reasoning.map { ReasoningCounter(tags: $0) }
    }

    /// Tokens spent on reasoning so far (closing tag included).
    var reasoningTokens: Int { reasoning?.tokens ?? 0 }

    mutating func decode(_ event: EngineEvent) -> [ChatEvent] {
        switch event {
        case .started:
            return []
        case .token(let t):
            generatedTokens += 1
            reasoning?.add(t.text)
            var out: [ChatEvent] = []
            if wantsLogprobs, let lp = t.logprob {
                out.append(.logprobs([logprob(t.id, lp, top: t.top)]))
            }
            if !t.text.isEmpty { out += map(parser.feed(t.text)) }
            return out
        case .text(let s):
            return s.isEmpty ? [] : map(parser.feed(s))
        case .finished(let f):
            generatedTokens = f.generatedTokens
            var flushed = map(parser.finish())
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

/// Counts the tokens of a choice that belong to its reasoning, from the raw text each token releases.
struct ReasoningCounter {
    private enum State { case before, inside, done }
    let tags: ReasoningTags
    private var state: State
    /// Raw text seen in the current state (only as much as tag matching needs).
    private var window = ""
    private(set) var tokens = 0
    /// Tokens seen before the opening tag was decided (they count as reasoning once it is).
    private var pending = 0

    init(tags: ReasoningTags) {
        self.tags = tags
        state = tags.startsInside ? .inside : .before
    }

    mutating func add(_ text: String) {
        switch state {
        case .done:
            return
        case .before:
            pending += 1
            window += text
            let trimmed = window.drop { $0 == " " || $0 == "\n" || $0 == "\r" || $0 == "\t" }
            if trimmed.hasPrefix(tags.open) {
                state = .inside
                tokens += pending
                window = String(trimmed.dropFirst(tags.open.count))
                if window.contains(tags.close) { state = .done }
            } else if !trimmed.isEmpty, !tags.open.hasPrefix(trimmed) {
                state = .done
            }
        case .inside:
            tokens += 1
            window += text
            if window.contains(tags.close) {
                state = .done
            } else if window.count > tags.close.count * 4 {
                window = String(window.suffix(tags.close.count))
            }
        }
    }
}
