import Engine
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// The load snapshot behind `/metrics`: slots, what is running and the prompt cache's hits.
@Suite struct EngineStatisticsTests {
    @Test func countsSlotsCachedTokensAndPromptCacheHits() async throws {
        let tok = try EngineTests().tokenizer()
        let answer = tok.encode(" Paris.", addSpecial: false)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize,
            next: EngineTests.scripted([tok.encode("?", addSpecial: false)[0]] + answer, eos: 2))
        let engine = Engine(model: model, tokenizer: tok)
        let idle = engine.statistics
        #expect(idle.slots == model.slotCount && idle.running == 0 && idle.waiting == 0 && idle.promptCacheHits == 0)
        let prompt = tok.encode("What is the capital of France?", addSpecial: false)
        var req = SequenceRequest(prompt: prompt)
        req.sampling.temperature = 0
        for _ in 0..<2 { _ = try await EngineTests().collect(try engine.submit(req)) }
        // The snapshot is published after the step that finished the sequence: wait for it.
        var s = engine.statistics
        for _ in 0..<200 where s.running > 0 || s.promptCacheHits < 1 {
            try await Task.sleep(for: .milliseconds(5))
            s = engine.statistics
        }
        #expect(s.running == 0 && s.waiting == 0)
        #expect(s.promptCacheHits == 1 && s.promptCacheReusedTokens == prompt.count - 1)
        #expect(s.cachedTokens >= prompt.count)
    }
}

/// The prompt cache never crosses scopes: a tenant cannot see another's prompt in `cached_tokens`.
@Suite struct PromptCacheScopeTests {
    @Test func prefixesAreReusedOnlyWithinAScope() async throws {
        let tok = try EngineTests().tokenizer()
        let answer = tok.encode(" Paris.", addSpecial: false)
        let model = ScriptedModel(vocabularySize: tok.vocabularySize,
            next: EngineTests.scripted([tok.encode("?", addSpecial: false)[0]] + answer, eos: 2))
        let engine = Engine(model: model, tokenizer: tok)
        let prompt = tok.encode("What is the capital of France?", addSpecial: false)
        func run(_ scope: String?) async throws -> Int {
            var req = SequenceRequest(prompt: prompt)
            req.sampling.temperature = 0
            req.cacheScope = scope
            return try await EngineTests().collect(try engine.submit(req)).finish?.cachedPromptTokens ?? -1
        }
        #expect(try await run("key:a") == 0)
        #expect(try await run("key:b") == 0)
        #expect(try await run(nil) == 0)
        #expect(try await run("key:a") == prompt.count - 1)
        #expect(try await run("key:b") == prompt.count - 1)
    }
}
