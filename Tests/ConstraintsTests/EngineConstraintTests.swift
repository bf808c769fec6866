import Foundation
import Constraints
import Engine
import GGUF
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// The engine's constraint path with a scripted model (which always prefers end-of-generation) and SmolLM2's real
/// tokenizer: end tokens are refused while the grammar is incomplete, the sequence ends as soon as the grammar is
/// complete and cannot continue, and the token cap reports `maxTokens`.
@Suite struct EngineConstraintTests {
    static let tokenizer: Tokenizer? = {
        guard let path = try? TestPaths.model(fileName: TestPaths.smolLM2), let f = try? GGUFFile(path: path) else {
            return nil
        }
        return try? Tokenizer.load(from: f)
    }()

    func run(_ grammar: String, maxTokens: Int? = 40, temperature: Double = 0, seed: UInt64 = 1) async throws
        -> (ids: [TokenID], text: String, finish: EngineFinish?, eos: TokenID)
    {
        let tok = try #require(Self.tokenizer, "SmolLM2 must be installed")
        let eos = try #require(tok.eosToken)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize) { _, _ in eos }  // always wants to stop
        let engine = Engine(model: model, tokenizer: tok)
        var req = SequenceRequest(prompt: tok.encode("Answer:", addSpecial: false), maxTokens: maxTokens,
            grammar: try ConstraintCompiler.compile(gbnf: grammar))
        req.sampling.temperature = temperature
        req.sampling.seed = seed
        var ids: [TokenID] = []
        var text = ""
        var finish: EngineFinish?
        for try await e in try engine.submit(req) {
            switch e {
            case .token(let t): ids.append(t.id); text += t.text
            case .text(let s): text += s
            case .finished(let f): finish = f
            case .started: break
            }
        }
        return (ids, text, finish, eos)
    }

    @Test func endsWhenTheGrammarIsCompleteAndCannotContinue() async throws {
        for seed in 1...4 {
            let r = try await run(##"root ::= ("yes" | "no") ".""##, temperature: 1.0, seed: UInt64(seed))
            #expect(r.text == "yes." || r.text == "no.", "\(r.text)")
            #expect(r.finish?.reason == .endOfGeneration)
            #expect(!r.ids.contains(r.eos))  // ended by the grammar, not by an end token
            #expect(r.finish?.generatedTokens == r.ids.count)
        }
    }

    @Test func endTokenIsRefusedUntilTheGrammarMayEnd() async throws {
        let r = try await run(#"root ::= [a-z]{3,8}"#)
        #expect(r.finish?.reason == .endOfGeneration)
        #expect(r.ids.last == r.eos)  // the model's preferred end token, as soon as it was allowed
        #expect(r.text.count >= 3 && r.text.count <= 8 && r.text.allSatisfy { $0.isLowercase && $0.isASCII }, "\(r.text)")
    }

    @Test func tokenCapReportsMaxTokens() async throws {
        let r = try await run(#"root ::= "a"{200}"#, maxTokens: 3)
        #expect(r.finish?.reason == .maxTokens)
        #expect(r.ids.count == 3)
        #expect(!r.text.isEmpty && r.text.allSatisfy { $0 == "a" })
    }

    @Test func budgetedReasoningIsForcedClosedThroughTheEngine() async throws {
        let tok = try #require(Self.tokenizer, "SmolLM2 must be installed")
        let eos = try #require(tok.eosToken)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize) { _, _ in eos }
        let engine = Engine(model: model, tokenizer: tok)
        let plan = ConstraintPlan.sequence([
            .literal("<think>"), .freeText(excluding: ["</think>"], maxTokens: 5), .literal("</think>"),
            .literal("done"),
        ])
        var req = SequenceRequest(prompt: tok.encode("Q:", addSpecial: false), maxTokens: 100, grammar: try plan.compile())
        req.sampling.temperature = 1.0
        req.sampling.seed = 3
        var text = ""
        var finish: EngineFinish?
        for try await e in try engine.submit(req) {
            if case .token(let t) = e { text += t.text }
            if case .text(let s) = e { text += s }
            if case .finished(let f) = e { finish = f }
        }
        #expect(text.hasPrefix("<think>") && text.hasSuffix("</think>done"), "\(text)")
        #expect(finish?.reason == .endOfGeneration)
        // At most: "<think>" in 7 tokens, 5 free-text tokens (+ 1 finishing a begun character), the closing tag in 8
        // and "done" in 4. Without the budget the always-random model would wander until the cap of 100.
        #expect((finish?.generatedTokens ?? 0) <= 7 + 6 + 8 + 4, "\(text)")
    }
}

/// `SequenceRequest.traceEnding`: a reasoning trace ends where the model ends it, not only at its budget.
@Suite struct TraceEndingTests {
    /// Runs a trace segment (the prompt opened the tag) of `budget` tokens, its closing tag and "done", on a scripted
    /// model that writes `script` and then wants to end its turn.
    func run(script: String, budget: Int, ending: TraceEnding?, answer: ConstraintPlan = .literal("done")) async throws
        -> (text: String, finish: EngineFinish?, ids: [TokenID])
    {
        let tok = try #require(EngineConstraintTests.tokenizer, "SmolLM2 must be installed")
        let eos = try #require(tok.eosToken)
        let prompt = tok.encode("Q:<think>", addSpecial: false)
        let scripted = tok.encode(script, addSpecial: false)
        let start = prompt.count - 1
        let model = ScriptedModel(vocabularySize: tok.vocabularySize) { _, position in
            let k = position - start
            return k >= 0 && k < scripted.count ? scripted[k] : eos
        }
        let engine = Engine(model: model, tokenizer: tok)
        let plan = ConstraintPlan.sequence([
            .freeText(excluding: ["</think>"], maxTokens: budget), .literal("</think>"), answer,
        ])
        var req = SequenceRequest(prompt: prompt, maxTokens: 200, grammar: try plan.compile(), traceEnding: ending)
        req.sampling.temperature = 0
        var text = ""
        var ids: [TokenID] = []
        var finish: EngineFinish?
        for try await e in try engine.submit(req) {
            if case .token(let t) = e { text += t.text; ids.append(t.id) }
            if case .text(let s) = e { text += s }
            if case .finished(let f) = e { finish = f }
        }
        return (text, finish, ids)
    }

    @Test func theModelsEndOfTurnClosesTheTrace() async throws {
        let r = try await run(script: "Paris is the capital.", budget: 100, ending: TraceEnding(atEndOfTurn: true))
        #expect(r.text == "Paris is the capital.</think>done", "\(r.text)")
        #expect(r.finish?.reason == .endOfGeneration)
        let eos = try #require(EngineConstraintTests.tokenizer?.eosToken)
        #expect(!r.ids.contains(eos))  // the end token was replaced, never fed
    }

    @Test func withoutAnEndingTheTraceRunsToItsBudget() async throws {
        let r = try await run(script: "Paris is the capital.", budget: 12, ending: nil)
        // The end token is refused inside the trace, so the model's next choices fill the budget.
        #expect(r.text.hasPrefix("Paris is the capital."))
        #expect(r.text.count > "Paris is the capital.</think>done".count, "\(r.text)")
    }

    @Test func pastTheSoftLimitANewSentenceClosesTheTrace() async throws {
        let script = "One two. Three four. Five six. Seven eight. Nine ten."
        let r = try await run(script: script, budget: 40,
            ending: TraceEnding(atEndOfTurn: false, atSentenceEndAfter: 5))
        // "One two." and " Three four." are six tokens; " Five" starts the next sentence past the limit.
        #expect(r.text == "One two. Three four.</think>done", "\(r.text)")
        let whole = try await run(script: script, budget: 40, ending: TraceEnding(atEndOfTurn: true))
        #expect(whole.text == script + "</think>done", "\(whole.text)")
    }

    @Test func theBudgetStillBoundsTheTrace() async throws {
        let r = try await run(script: "one two three four five six seven eight", budget: 4,
            ending: TraceEnding(atEndOfTurn: true, atSentenceEndAfter: 2))
        #expect(r.text == "one two three four</think>done", "\(r.text)")
    }

    @Test func aTraceEndedWithTheTurnIsRepeatedAsTheAnswer() async throws {
        let echo = TraceEnding(atEndOfTurn: true, echoesTraceAtEndOfTurn: true)
        // The answer is a line break, then text without another or a ">". The scripted model has no preference among
        // the tokens that spell the forced closing tag, so its last one may carry the line break and some spaces
        // (SmolLM2's pre-tokenizer never joins letters to them): only blanks may stand between tag and answer.
        let answer = ConstraintPlan.sequence([.literal("\n"), .freeText(excluding: ["\n", ">"], maxTokens: nil)])
        func afterTag(_ text: String) -> Substring? {
            text.range(of: "</think>").map { text[$0.upperBound...] }
        }
        let r = try await run(script: "\nParis is the capital.", budget: 100, ending: echo, answer: answer)
        // The trace's leading line break is not repeated; the output ends after the repeat.
        #expect(r.text.hasPrefix("\nParis is the capital.</think>"), "\(r.text)")
        let echoed = try #require(afterTag(r.text))
        #expect(echoed.hasSuffix("Paris is the capital."), "\(r.text)")
        let between = echoed.dropLast("Paris is the capital.".count)
        #expect(between.allSatisfy { $0.isWhitespace }, "\(r.text)")
        #expect(r.finish?.reason == .endOfGeneration)
        let eos = try #require(EngineConstraintTests.tokenizer?.eosToken)
        #expect(!r.ids.contains(eos))
        // Without the echo the model, which wants to end its turn, answers nothing.
        let plain = try await run(script: "Paris is the capital.", budget: 100,
            ending: TraceEnding(atEndOfTurn: true), answer: answer)
        #expect(plain.text.hasPrefix("Paris is the capital.</think>"), "\(plain.text)")
        let rest = try #require(afterTag(plain.text))
        #expect(rest.allSatisfy { $0.isWhitespace }, "\(plain.text)")
    }

    @Test func anEchoTheAnswersGrammarRefusesIsDropped() async throws {
        let r = try await run(script: "Paris is the capital.", budget: 100,
            ending: TraceEnding(atEndOfTurn: true, echoesTraceAtEndOfTurn: true))
        #expect(r.text == "Paris is the capital.</think>done", "\(r.text)")
    }

    /// The answer Swiftlet's plan puts after a forced trace: a visible character first, then free text.
    static let visibleAnswer = ConstraintPlan.sequence([
        .grammar(#"root ::= [ \n]* [^ \n\t\r<]"#), .freeText(excluding: ["</think>"], maxTokens: nil),
    ])

    @Test func aTraceTheModelClosesBeforeEndingItsTurnIsRepeatedAsTheAnswer() async throws {
        let echo = TraceEnding(atEndOfTurn: true, echoesTraceAtEndOfTurn: true, closingText: "</think>")
        let r = try await run(script: "\nA spider has 8 legs.\n</think>", budget: 100, ending: echo,
            answer: Self.visibleAnswer)
        // The model's own tag closes the trace; it then wants to end its turn, which the answer's grammar refuses:
        // its trace, without the tag and the blanks around it, is the answer.
        #expect(r.text == "\nA spider has 8 legs.\n</think>A spider has 8 legs.", "\(r.text)")
        #expect(r.finish?.reason == .endOfGeneration)
        let eos = try #require(EngineConstraintTests.tokenizer?.eosToken)
        #expect(!r.ids.contains(eos))
        // Without the echo the model is made to write something it did not want to (here: whatever the scripted
        // model ranks next), never the trace.
        let plain = try await run(script: "\nA spider has 8 legs.\n</think>", budget: 100,
            ending: TraceEnding(atEndOfTurn: true), answer: Self.visibleAnswer)
        #expect(!plain.text.hasSuffix("</think>A spider has 8 legs."), "\(plain.text)")
    }

    @Test func anAnswerTheModelWritesAfterItsTagIsKept() async throws {
        let echo = TraceEnding(atEndOfTurn: true, echoesTraceAtEndOfTurn: true, closingText: "</think>")
        let script = "Spiders are arachnids.</think>\n\nEight."
        let r = try await run(script: script, budget: 100, ending: echo, answer: Self.visibleAnswer)
        #expect(r.text == script, "\(r.text)")
    }

    @Test func aTraceTheEngineCutIsNotRepeatedAfterTheTag() async throws {
        let echo = TraceEnding(atEndOfTurn: true, atSentenceEndAfter: 2, echoesTraceAtEndOfTurn: true,
            closingText: "</think>")
        let r = try await run(script: "one two three four", budget: 4, ending: echo, answer: Self.visibleAnswer)
        #expect(r.text.hasPrefix("one two three four</think>"), "\(r.text)")
        #expect(!r.text.contains("</think>one"), "\(r.text)")
    }

    @Test func onlyTheEndOfTurnEchoes() async throws {
        // A trace cut at a sentence boundary past its soft limit is not the model's whole answer.
        let script = "One two. Three four. Five six."
        let r = try await run(script: script, budget: 40,
            ending: TraceEnding(atEndOfTurn: true, atSentenceEndAfter: 5, echoesTraceAtEndOfTurn: true),
            answer: .sequence([.literal("\n"), .freeText(excluding: ["\n", ">"], maxTokens: nil)]))
        #expect(r.text.hasPrefix("One two. Three four.</think>"), "\(r.text)")
        #expect(!r.text.contains("</think>One") && !r.text.hasSuffix("Three four."), "\(r.text)")
    }
}
