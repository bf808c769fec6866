import Engine
import InferenceTypes
import Tokenizers

/// Turns one choice's engine events into chat events: text into content deltas, log-probabilities into
/// `TokenLogprob`s, the engine's finish into a `FinishReason`. A pure value type: event in, events out.
///
/// Reasoning and tool-call parsing (the output parsers) plug in here: they see the same text deltas.
struct ChoiceDecoder {
    let tokenizer: Tokenizer
    let wantsLogprobs: Bool
    private(set) var generatedTokens = 0

    init(tokenizer: Tokenizer, wantsLogprobs: Bool) {
        self.tokenizer = tokenizer
        self.wantsLogprobs = wantsLogprobs
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
            if !t.text.isEmpty { out.append(.contentDelta(t.text)) }
            return out
        case .text(let s):
            return s.isEmpty ? [] : [.contentDelta(s)]
        case .finished(let f):
            generatedTokens = f.generatedTokens
            switch f.reason {
            case .endOfGeneration: return [.finished(.stop)]
            case .stopString(let s): return [.finished(.stopSequence(s))]
            case .maxTokens: return [.finished(.length)]
            case .contextFull: return [.finished(.contextLength)]
            case .cancelled: return []
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
