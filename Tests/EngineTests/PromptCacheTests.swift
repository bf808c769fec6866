import Engine
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// Prompt-prefix reuse, driven step by step on a scripted model that records what it was fed.
///
/// The script predicts `last + 1`, so a sequence's outputs are known without running it; the scripted model checks
/// that every entry continues its slot, so a wrong reuse length fails the forward pass.
@Suite struct PromptCacheTests {
    static func model(slots: Int = 4, batch: Int = 32, context: Int = 1024) throws -> ScriptedModel {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        return ScriptedModel(vocabularySize: tok.vocabularySize, contextLength: context, slotCount: slots,
            maxBatchTokens: batch) { last, _ in last &+ 1 }
    }

    static func stepper(_ model: ScriptedModel, promptCache: Bool = true) throws -> EngineStepper {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        return EngineStepper(model: model, tokenizer: tok, promptCache: promptCache)
    }

    /// `count` distinct token ids starting at `start` (none is an end-of-generation token of SmolLM2).
    static func prompt(_ start: Int, _ count: Int) -> [TokenID] { (start..<start + count).map { TokenID($0) } }

    static func request(_ prompt: [TokenID], maxTokens: Int = 3) -> SequenceRequest {
        var r = SequenceRequest(prompt: prompt, sampling: .greedy, maxTokens: maxTokens)
        r.stopTokens = [-1]
        return r
    }

    static func run(_ stepper: EngineStepper) throws {
        var steps = 0
        while try stepper.step() {
            steps += 1
            try #require(steps < 10_000, "the engine never went idle")
        }
    }

    /// Tokens fed at positions below `position` in all recorded entries.
    static func fedBelow(_ position: Int, _ model: ScriptedModel) -> Int {
        model.fed.reduce(0) { $0 + max(0, min($1.tokens.count, position - $1.position)) }
    }

    @Test func samePromptAgainFeedsOnlyTheLastToken() throws {
        let model = try Self.model(slots: 2)
        let stepper = try Self.stepper(model)
        let p = Self.prompt(1000, 40)
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        let slot = try #require(model.fed.first?.slot)
        model.clearLogs()
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        let first = try #require(model.fed.first)
        #expect(first.slot == slot && first.position == 39 && first.tokens == [1039])
        #expect(model.truncations.map { [$0.slot, $0.length] } == [[slot, 39]])
        // Prompt, then the two generated tokens that were fed (the third ends the sequence unfed): 1040, 1041.
        #expect(model.slotContents[slot] == p + [1040, 1041])
    }

    @Test func withTheCacheOffEveryPromptIsPrefilledFromZero() throws {
        let model = try Self.model(slots: 2)
        let stepper = try Self.stepper(model, promptCache: false)
        let p = Self.prompt(1000, 40)
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        model.clearLogs()
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        #expect(Self.fedBelow(40, model) == 40)
        #expect(model.copies.isEmpty && model.truncations.isEmpty)
    }

    /// n = 4 choices of one prompt: one prefill, three copies of 99 positions, each sibling feeds its last token.
    @Test func siblingsPrefillOnce() throws {
        let model = try Self.model(slots: 4, batch: 32)
        let stepper = try Self.stepper(model)
        let p = Self.prompt(2000, 100)
        for _ in 0..<4 { try stepper.add(Self.request(p)) }
        try Self.run(stepper)
        #expect(Self.fedBelow(99, model) == 99)
        #expect(model.copies.count == 3 && model.copies.allSatisfy { $0.length == 99 })
        for slot in 0..<4 { #expect(model.slotContents[slot] == p + [2100, 2101]) }
    }

    /// A request arriving while its leader is mid-prefill waits, then copies the whole shared prefix.
    @Test func followerWaitsForItsLeaderAndCopies() throws {
        let model = try Self.model(slots: 2, batch: 32)
        let stepper = try Self.stepper(model)
        let shared = Self.prompt(3000, 90)
        try stepper.add(Self.request(shared + [5, 6, 7]))
        try stepper.step()  // the leader prefilled 32 tokens
        try stepper.add(Self.request(shared + [8, 9]))
        try Self.run(stepper)
        #expect(Self.fedBelow(90, model) == 90)
        #expect(model.copies.count == 1 && model.copies.first?.length == 90)
        let follower = try #require(model.copies.first?.target)
        #expect(model.fed.first { $0.slot == follower }.map { [TokenID($0.position)] + $0.tokens } == [90, 8, 9])
    }

    @Test func divergingPromptReusesExactlyTheCommonPrefix() throws {
        let model = try Self.model(slots: 1)
        let stepper = try Self.stepper(model)
        let p = Self.prompt(1000, 30)
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        model.clearLogs()
        let q = Array(p[0..<17]) + Self.prompt(5000, 6)
        try stepper.add(Self.request(q))
        try Self.run(stepper)
        #expect(model.truncations.map(\.length) == [17])
        #expect(model.fed.first.map { [TokenID($0.position)] + $0.tokens } == [17] + Self.prompt(5000, 6))
        #expect(model.slotContents[0] == q + [5006, 5007])
    }

    /// The next chat turn's prompt extends the previous prompt and its answer: all of it is reused.
    @Test func nextTurnReusesPromptAndAnswer() throws {
        let model = try Self.model(slots: 2)
        let stepper = try Self.stepper(model)
        let p = Self.prompt(1000, 25)
        try stepper.add(Self.request(p, maxTokens: 5))
        try Self.run(stepper)
        model.clearLogs()
        let turn2 = p + [1025, 1026, 1027, 1028, 1029] + Self.prompt(7000, 10)
        try stepper.add(Self.request(turn2))
        try Self.run(stepper)
        // 25 prompt tokens and the 4 fed answer tokens are reused; the 5th answer token was never fed.
        #expect(model.truncations.map(\.length) == [29])
        #expect(Self.fedBelow(29, model) == 0)
    }

    /// With no match the least recently used slot is evicted; the more recent one stays reusable.
    @Test func evictionPicksTheLeastRecentlyUsedSlot() throws {
        let model = try Self.model(slots: 2)
        let stepper = try Self.stepper(model)
        let a = Self.prompt(1000, 20), b = Self.prompt(2000, 20), c = Self.prompt(3000, 20)
        for p in [a, b, c] {
            try stepper.add(Self.request(p))
            try Self.run(stepper)
        }
        let slotOfB = try #require((0..<2).first { model.slotContents[$0].starts(with: b) })
        #expect(model.slotContents[1 - slotOfB].starts(with: c))  // c evicted a, the older one
        model.clearLogs()
        try stepper.add(Self.request(b))
        try Self.run(stepper)
        #expect(model.truncations.map { [$0.slot, $0.length] } == [[slotOfB, 19]])
        model.clearLogs()
        try stepper.add(Self.request(a))
        try Self.run(stepper)
        #expect(Self.fedBelow(20, model) == 20)  // a is gone: prefilled from scratch
    }

    /// A follower whose leader prefills slowly (three decoding sequences take most of each batch) stops waiting after
    /// its bound and takes what the leader has so far.
    @Test func followersDoNotWaitForever() throws {
        let model = try Self.model(slots: 5, batch: 4)
        let stepper = try Self.stepper(model)
        for i in 0..<3 { try stepper.add(Self.request([TokenID(100 + i)], maxTokens: 400)) }
        try stepper.step()
        let p = Self.prompt(9000, 100)
        try stepper.add(Self.request(p))
        try stepper.add(Self.request(p))
        try Self.run(stepper)
        // The leader gets one row per step, so it needs ~100 steps; the follower waits at most 2·(100/4 + 1) = 52.
        let copy = try #require(model.copies.first)
        #expect(model.copies.count == 1 && copy.length > 0 && copy.length < 99)
        #expect(model.slotContents[copy.target] == p + [9100, 9101])
    }

    /// Cancelling the leader while a follower waits: the follower still runs, correctly, from the leader's leftovers.
    @Test func cancellingTheLeaderDoesNotBreakItsFollower() throws {
        let model = try Self.model(slots: 2, batch: 32)
        let stepper = try Self.stepper(model)
        let p = Self.prompt(4000, 100)
        let leader = try stepper.add(Self.request(p))
        try stepper.add(Self.request(p))
        try stepper.step()
        try stepper.step()
        stepper.cancel(leader)
        try Self.run(stepper)
        #expect(stepper.isIdle)
        let follower = try #require(model.fed.last?.slot)
        #expect(model.slotContents[follower] == p + [4100, 4101])
        // The leader's 64 prefilled positions were reused, not prefilled again.
        #expect(Self.fedBelow(64, model) == 64)
    }

    /// The finish event reports how many prompt tokens came from the cache.
    @Test func finishReportsCachedPromptTokens() async throws {
        let tok = try #require(EngineTests.tokenizer, "SmolLM2 must be installed")
        let model = try Self.model(slots: 2)
        let engine = Engine(model: model, tokenizer: tok)
        let p = Self.prompt(1000, 40)
        var cached: [Int] = []
        for _ in 0..<2 {
            for try await e in try engine.submit(Self.request(p)) {
                if case .finished(let f) = e { cached.append(f.cachedPromptTokens) }
            }
        }
        #expect(cached == [0, 39])
    }
}
