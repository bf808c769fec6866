import Engine
import Foundation
import GGUF
import InferenceTypes
import Testing
import TestSupport
import Tokenizers
import Transformer

/// Prompt-prefix reuse on the real models: greedy output with a warm cache equals a cold run's (an engine with the
/// cache off), and Gemma 3's sliding-window ring refuses reuse it cannot serve, falling back to a cold prefill.
///
/// Slow in debug builds; run with `swift test -c release --filter PromptCacheRealModelTests`.
@Suite(.serialized)
struct PromptCacheRealModelTests {
    static let batch = 64

    struct Loaded {
        let tokenizer: Tokenizer
        let window: Int
        let warm: Engine
        let cold: Engine
    }

    static func load(_ fileName: String, context: Int = 2048) throws -> Loaded {
        let file = try GGUFFile(path: try TestPaths.model(fileName: fileName))
        let tokenizer = try Tokenizer.load(from: file)
        func engine(_ cache: Bool) throws -> (Engine, Int) {
            let model = try TransformerModel(file: file, options: TransformerOptions(
                contextLength: context, slotCount: 2, maxBatchTokens: batch))
            return (Engine(model: TransformerBatchModel(model), tokenizer: tokenizer, promptCache: cache),
                model.hyperParameters.slidingWindow)
        }
        let (warm, window) = try engine(true)
        return Loaded(tokenizer: tokenizer, window: window, warm: warm, cold: try engine(false).0)
    }

    /// At least `count` tokens of varied English text (cut to exactly `count`).
    static func text(_ tokenizer: Tokenizer, _ count: Int, seed: Int = 0) -> [TokenID] {
        var ids: [TokenID] = []
        var i = seed
        let subjects = ["the engine", "a small model", "the scheduler", "each request", "the cache", "our server"]
        let verbs = ["reads", "keeps", "copies", "answers", "measures", "rejects"]
        let objects = ["the prompt", "seven tokens", "a JSON schema", "the last row", "every layer", "its own slot"]
        while ids.count < count {
            let s = "Note \(i): \(subjects[i % 6]) \(verbs[(i / 6) % 6]) \(objects[(i * 5) % 6]) before step \(i * 3). "
            ids += tokenizer.encode(s, addSpecial: false)
            i += 1
        }
        return Array(ids.prefix(count))
    }

    static func greedy(_ engine: Engine, _ prompt: [TokenID], maxTokens: Int = 12) async throws
        -> (ids: [TokenID], cached: Int)
    {
        var r = SequenceRequest(prompt: prompt, sampling: .greedy, maxTokens: maxTokens)
        r.stopTokens = [-1]
        var ids: [TokenID] = []
        var cached = -1
        for try await e in try engine.submit(r) {
            if case .token(let t) = e { ids.append(t.id) }
            if case .finished(let f) = e { cached = f.cachedPromptTokens }
        }
        return (ids, cached)
    }

    /// Multi-turn chat: turn 2 extends turn 1's prompt and answer; then three siblings of turn 2 run together.
    @Test func smolLM2WarmEqualsCold() async throws {
        let m = try Self.load(TestPaths.smolLM2)
        defer { m.warm.shutdown(); m.cold.shutdown() }
        let turn1 = Self.text(m.tokenizer, 250)
        let a = try await Self.greedy(m.warm, turn1)
        #expect(a.cached == 0)
        #expect(a.ids == (try await Self.greedy(m.cold, turn1)).ids)
        let turn2 = turn1 + a.ids + Self.text(m.tokenizer, 40, seed: 100)
        let b = try await Self.greedy(m.warm, turn2)
        #expect(b.cached == turn1.count + a.ids.count - 1)  // the last answer token was never fed
        let coldB = try await Self.greedy(m.cold, turn2)
        #expect(b.ids == coldB.ids)
        let siblings = try await withThrowingTaskGroup(of: [TokenID].self) { group in
            for _ in 0..<3 { group.addTask { try await Self.greedy(m.warm, turn2).ids } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(siblings.allSatisfy { $0 == coldB.ids })
    }

    /// Gemma 3 (local layers with a ring of window + batch − 1 rows). A prompt extending a cached one past the window
    /// reuses it when the ring still holds the rows it needs; a prompt diverging so far back that the ring has
    /// overwritten them is prefilled cold. Prefix lengths are multiples of the batch, so both paths run the same
    /// batch shapes and must agree exactly.
    @Test func gemma3WarmEqualsColdAndRingFallsBack() async throws {
        let m = try Self.load(TestPaths.gemma3)
        defer { m.warm.shutdown(); m.cold.shutdown() }
        try #require(m.window > 0)
        let length = (m.window / Self.batch + 2) * Self.batch  // 640 for a 512 window
        let base = Self.text(m.tokenizer, length)
        let first = try await Self.greedy(m.warm, base, maxTokens: 8)
        #expect(first.ids == (try await Self.greedy(m.cold, base, maxTokens: 8)).ids)

        let extended = base + Self.text(m.tokenizer, 20, seed: 200)
        let reused = try await Self.greedy(m.warm, extended)
        #expect(reused.cached == length)
        #expect(reused.ids == (try await Self.greedy(m.cold, extended)).ids)

        // The warm slot now holds `extended` and 11 fed tokens; keeping only `length − batch` positions would need
        // rows its local layers' ring has overwritten, so the engine must start over.
        let diverged = Array(base[0..<(length - Self.batch)]) + Self.text(m.tokenizer, 20, seed: 300)
        let fallback = try await Self.greedy(m.warm, diverged)
        #expect(fallback.cached == 0)
        #expect(fallback.ids == (try await Self.greedy(m.cold, diverged)).ids)
    }
}

/// Wall time of one OpenAI-style `n` = 10 request (ten sequences of one ~250-token prompt on 4 slots) with the
/// prompt cache off and on. A measurement for reports; runs with `SWIFTLET_MEASURE=1`.
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWIFTLET_MEASURE"] != nil))
struct PromptCacheMeasurement {
    @Test func tenChoicesOfOnePrompt() async throws {
        let file = try GGUFFile(path: try TestPaths.model(fileName: TestPaths.smolLM2))
        let tokenizer = try Tokenizer.load(from: file)
        let prompt = PromptCacheRealModelTests.text(tokenizer, 250)
        var seconds: [Bool: Double] = [:]
        for cache in [false, true] {
            let model = try TransformerModel(file: file, options: TransformerOptions(
                contextLength: 2048, slotCount: 4, maxBatchTokens: 64))
            let engine = Engine(model: TransformerBatchModel(model), tokenizer: tokenizer, promptCache: cache)
            defer { engine.shutdown() }
            let start = Date()
            let generated = try await withThrowingTaskGroup(of: Int.self) { group in
                for seed in 0..<10 {
                    group.addTask {
                        var r = SequenceRequest(prompt: prompt, maxTokens: 32)
                        r.sampling.temperature = 0.8
                        r.sampling.seed = UInt64(seed)
                        r.stopTokens = [-1]
                        var n = 0
                        for try await e in try engine.submit(r) { if case .token = e { n += 1 } }
                        return n
                    }
                }
                return try await group.reduce(0, +)
            }
            seconds[cache] = Date().timeIntervalSince(start)
            print("n=10 on a \(prompt.count)-token prompt, 32 tokens each, prompt cache \(cache ? "on" : "off"): "
                + String(format: "%.2f s", seconds[cache] ?? 0) + " (\(generated) tokens)")
        }
        #expect((seconds[true] ?? .infinity) < (seconds[false] ?? 0))
    }
}
