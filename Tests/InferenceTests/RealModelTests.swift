import Engine
import Foundation
import Inference
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// The whole pipeline on the real default model (run these in a release build).
@Suite(.serialized) struct RealModelTests {
    static let loaded: Result<LoadedModel, any Error> = Result {
        let path = try TestPaths.model(fileName: TestPaths.smolLM2)
        return try LoadedModel.load(ResolvedModel(path: path), options: LoadOptions(contextLength: 2048, slots: 4))
    }

    /// `../shared/fixtures/chat`: greedy chat answers (≤ 32 tokens) equal llama.cpp's text and finish reason.
    @Test func chatFixturesMatchLlamaCpp() async throws {
        let model = try Self.loaded.get()
        let service = LocalInferenceService(models: [model.served()])
        let fixture = try JSONValue.parse(String(contentsOf: TestPaths.fixture("chat/SmolLM2-135M-Instruct.Q4_1.json"),
            encoding: .utf8))
        for c in try #require(fixture["cases"]?.arrayValue) {
            let messages = try #require(c["messages"]?.arrayValue).map { m in
                ChatMessage(role: ChatRole(rawValue: m["role"]?.stringValue ?? "") ?? .user,
                    text: m["content"]?.stringValue ?? "")
            }
            var req = ChatRequest(model: "smollm2-135m-instruct", messages: messages)
            req.sampling.temperature = 0
            req.maxTokens = 32
            var acc = ChatResultAccumulator()
            for try await item in try await service.chat(req) { acc.add(item) }
            let choice = try #require(acc.result.choices.first)
            #expect(choice.content == c["content"]?.stringValue, "messages: \(messages.map(\.text))")
            let expected: FinishReason = c["finish_reason"]?.stringValue == "length" ? .length : .stop
            #expect(choice.finishReason == expected)
        }
    }

    /// SmolLM2's file carries no `general.sampling.*` keys, so its defaults are the catalog's (the model card's
    /// temperature and top-p) over Swiftlet's fallback filters.
    @Test func samplingDefaultsComeFromTheCatalogOverTheFallback() throws {
        let model = try Self.loaded.get()
        #expect(model.fileSamplingDefaults == SamplingDefaults())
        let served = model.served()
        #expect(served.samplingDefaults == SamplingDefaults(
            temperature: 0.2, topK: 40, topP: 0.9, minP: 0.05, repetitionGuard: RepetitionGuard()))
        #expect(served.defaultMaxTokens == 512)  // the catalog's cap for this model
    }

    /// Sequences stepped together on the real model give the same tokens as each run alone.
    @Test func batchedEqualsAlone() async throws {
        let model = try Self.loaded.get()
        let prompts = ["The capital of France is", "def add(a, b):\n", "Once upon a time", "1, 2, 3, 4,"]
        func request(_ text: String, _ i: Int) -> SequenceRequest {
            var s = SamplingParameters(temperature: i % 2 == 0 ? 0 : 0.9, seed: UInt64(100 + i))
            s.topK = 40
            return SequenceRequest(prompt: model.tokenizer.encode(text, addSpecial: true), sampling: s, maxTokens: 12,
                stopTokens: [-1])
        }
        func ids(_ stream: AsyncThrowingStream<EngineEvent, any Error>) async throws -> [TokenID] {
            var out: [TokenID] = []
            for try await e in stream { if case .token(let t) = e { out.append(t.id) } }
            return out
        }
        var alone: [[TokenID]] = []
        for (i, p) in prompts.enumerated() { alone.append(try await ids(try model.engine.submit(request(p, i)))) }
        let streams = try prompts.enumerated().map { try model.engine.submit(request($1, $0)) }
        var together: [[TokenID]] = []
        for s in streams { together.append(try await ids(s)) }
        #expect(alone == together)
        #expect(alone.allSatisfy { $0.count == 12 })
    }

    /// A stream dropped mid-generation frees its slot: more requests than slots still all complete afterwards.
    @Test func cancelledSequencesFreeTheirSlots() async throws {
        let model = try Self.loaded.get()
        let prompt = model.tokenizer.encode("Tell me a long story about the sea.", addSpecial: true)
        for _ in 0..<4 {
            let stream = try model.engine.submit(SequenceRequest(prompt: prompt, maxTokens: 500, stopTokens: [-1]))
            var n = 0
            for try await e in stream {
                if case .token = e { n += 1 }
                if n == 3 { break }
            }
        }
        // All four slots must be free again: four new sequences run to completion.
        let streams = try (0..<4).map { _ in try model.engine.submit(SequenceRequest(prompt: prompt, maxTokens: 4)) }
        for s in streams {
            var finished = false
            for try await e in s { if case .finished = e { finished = true } }
            #expect(finished)
        }
    }
}
