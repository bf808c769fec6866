import Engine
import GGUF
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// The engine driven by a scripted model and SmolLM2's real tokenizer.
@Suite struct EngineTests {
    static let tokenizer: Tokenizer? = {
        guard let path = try? TestPaths.model(fileName: TestPaths.smolLM2), let f = try? GGUFFile(path: path) else {
            return nil
        }
        return try? Tokenizer.load(from: f)
    }()

    func tokenizer() throws -> Tokenizer { try #require(Self.tokenizer, "SmolLM2 must be installed") }

    /// A script over real text: after token t comes `sequence[(index of t) + 1]`, then EOS.
    static func scripted(_ ids: [TokenID], eos: TokenID) -> @Sendable (TokenID, Int) -> TokenID {
        { last, _ in
            if let i = ids.lastIndex(of: last), i + 1 < ids.count { return ids[i + 1] }
            return ids.contains(last) ? eos : ids[0]
        }
    }

    func collect(_ stream: AsyncThrowingStream<EngineEvent, any Error>) async throws
        -> (ids: [TokenID], text: String, finish: EngineFinish?)
    {
        var ids: [TokenID] = []
        var text = ""
        var finish: EngineFinish?
        for try await e in stream {
            switch e {
            case .started: break
            case .token(let t): ids.append(t.id); text += t.text
            case .text(let s): text += s
            case .finished(let f): finish = f
            }
        }
        return (ids, text, finish)
    }

    @Test func generatesUntilEndOfGeneration() async throws {
        let tok = try tokenizer()
        let answer = tok.encode(" Paris is the capital of France.", addSpecial: false)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize,
            next: Self.scripted([tok.encode("?", addSpecial: false)[0]] + answer, eos: 2))
        let engine = Engine(model: model, tokenizer: tok)
        let prompt = tok.encode("What is the capital of France?", addSpecial: false)
        var req = SequenceRequest(prompt: prompt)
        req.sampling.temperature = 0
        let r = try await collect(try engine.submit(req))
        #expect(r.text == " Paris is the capital of France.")
        #expect(r.finish?.reason == .endOfGeneration)
        #expect(r.finish?.promptTokens == prompt.count)
        #expect(r.ids.last == 2 && r.finish?.generatedTokens == answer.count + 1)
    }

    @Test func maxTokensAndStopStrings() async throws {
        let tok = try tokenizer()
        let answer = tok.encode(" one two three four five six", addSpecial: false)
        let start = tok.encode("Count:", addSpecial: false)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize,
            next: Self.scripted([start.last ?? 0] + answer, eos: 2))
        let engine = Engine(model: model, tokenizer: tok)
        var req = SequenceRequest(prompt: start, maxTokens: 3)
        req.sampling.temperature = 0
        let capped = try await collect(try engine.submit(req))
        #expect(capped.ids.count == 3 && capped.finish?.reason == .maxTokens)
        req.maxTokens = nil
        req.stopStrings = [" thr", "five"]
        let stopped = try await collect(try engine.submit(req))
        #expect(stopped.text == " one two")
        #expect(stopped.finish?.reason == .stopString(" thr"))
    }

    /// Sequences stepped together produce exactly what each produces alone, greedy and seeded.
    @Test func batchingDoesNotChangeTokens() async throws {
        let tok = try tokenizer()
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, maxBatchTokens: 8) { last, pos in
            TokenID((Int(last) &* 7 &+ pos) % 40_000 + 100)
        }
        let engine = Engine(model: model, tokenizer: tok)
        func request(_ seed: UInt64, _ text: String, temperature: Double) -> SequenceRequest {
            var r = SequenceRequest(prompt: tok.encode(text, addSpecial: false), maxTokens: 12)
            r.sampling.temperature = temperature
            r.sampling.seed = seed
            r.stopTokens = [-1]  // no end-of-generation in this script
            return r
        }
        let reqs = [request(1, "alpha beta gamma delta epsilon zeta", temperature: 0),
            request(2, "one", temperature: 1.0), request(3, "the quick brown fox jumps", temperature: 0.8)]
        var alone: [[TokenID]] = []
        for r in reqs { alone.append(try await collect(try engine.submit(r)).ids) }
        let streams = try reqs.map { try engine.submit($0) }
        var together: [[TokenID]] = []
        for s in streams { together.append(try await collect(s).ids) }
        #expect(alone == together)
        #expect(alone.allSatisfy { $0.count == 12 })
        // The long prompt was prefilled in chunks of at most 8 rows, beside the other sequences' decodes.
        #expect(model.batchSizes.allSatisfy { $0 <= 8 })
    }

    /// Dropping a stream mid-generation frees its slot: with a single slot, the next request still runs.
    @Test func cancellationFreesTheSlot() async throws {
        let tok = try tokenizer()
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, contextLength: 4096, slotCount: 1) { last, _ in
            TokenID(Int(last) % 30_000 + 200)
        }
        let engine = Engine(model: model, tokenizer: tok)
        var long = SequenceRequest(prompt: tok.encode("go", addSpecial: false), maxTokens: 3000)
        long.stopTokens = [-1]
        long.sampling.temperature = 0
        let task = Task {
            var n = 0
            for try await e in try engine.submit(long) {
                if case .token = e { n += 1 }
                if n == 5 { break }  // the consumer walks away
            }
        }
        try await task.value
        var short = SequenceRequest(prompt: tok.encode("hello", addSpecial: false), maxTokens: 4)
        short.sampling.temperature = 0
        let r = try await collect(try engine.submit(short))
        #expect(r.ids.count == 4 && r.finish?.reason == .maxTokens)
        #expect(model.resets[0] >= 2)
    }

    @Test func contextLimits() async throws {
        let tok = try tokenizer()
        let model = ScriptedModel(vocabularySize: tok.vocabularySize, contextLength: 16) { last, _ in last &+ 1 }
        let engine = Engine(model: model, tokenizer: tok)
        let prompt = [TokenID](repeating: 300, count: 16)
        #expect(throws: EngineError.contextOverflow(promptTokens: 16, limit: 16)) {
            _ = try engine.submit(SequenceRequest(prompt: prompt))
        }
        var req = SequenceRequest(prompt: Array(prompt.prefix(10)))
        req.stopTokens = [-1]
        req.sampling.temperature = 0
        let r = try await collect(try engine.submit(req))
        #expect(r.finish?.reason == .contextFull)
        #expect(r.ids.count == 7)  // six are fed at positions 10…15; the seventh is returned but has no room
        #expect(throws: EngineError.emptyPrompt) { _ = try engine.submit(SequenceRequest(prompt: [])) }
    }
}
