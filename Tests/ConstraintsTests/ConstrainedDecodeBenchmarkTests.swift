import Constraints
import Engine
import Foundation
import Inference
import InferenceTypes
import Testing
import TestSupport
import Tokenizers

/// A benchmark (prints, never asserts speed): constrained vs unconstrained decode tokens/s with the same
/// model, prompt, sampler and token count, on SmolLM2 (49k vocabulary) and Gemma 3 (262k), plus the matcher's
/// per-token cost over the constrained run (`allows` for the chosen token, and the full mask as if every step
/// needed it, both length-aware as the engine asks them). Opt-in: `SWIFTLET_BENCH=1 swift test -c release --filter ConstrainedDecodeBenchmark`
/// (or `Benchmarks/constraints.sh`).
@Suite(.serialized, .enabled(if: ProcessInfo.processInfo.environment["SWIFTLET_BENCH"] != nil))
struct ConstrainedDecodeBenchmarkTests {
    static let tokens = 160
    static let schema = #"{"type":"array","minItems":200,"items":{"type":"object","properties":{"city":{"type":"string","maxLength":40},"country":{"type":"string","maxLength":40},"population":{"type":"integer","minimum":0}},"required":["city","country","population"]}}"#
    /// The same objects, at least three: the shortest encoding (125 bytes) fits in the 160 tokens, so the
    /// length-aware mask narrows whenever a token would leave too little room (with `minItems: 200` it never fits,
    /// and the mask holds the tokens that make the most progress at every step).
    static let fittingSchema = schema.replacingOccurrences(of: #""minItems":200"#, with: #""minItems":3"#)

    struct Run {
        var ids: [TokenID] = []
        var generated = 0
        var decodeSeconds = 0.0
        var reason: EngineFinishReason?
        var tokensPerSecond: Double { Double(max(generated - 1, 0)) / max(decodeSeconds, 1e-9) }
    }

    static func run(_ engine: Engine, _ request: SequenceRequest) async throws -> Run {
        var r = Run()
        for try await e in try engine.submit(request) {
            switch e {
            case .token(let t): r.ids.append(t.id)
            case .finished(let f):
                r.generated = f.generatedTokens
                r.decodeSeconds = f.decodeSeconds
                r.reason = f.reason
            default: break
            }
        }
        return r
    }

    static func percentile(_ xs: [Double], _ p: Double) -> Double {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
    }

    func bench(_ fileName: String, schema: String = Self.schema) async throws {
        let model = try LoadedModel.load(ResolvedModel(path: try TestPaths.model(fileName: fileName)),
            options: LoadOptions(contextLength: 1024, slots: 1))
        let engine = model.engine
        let prompt = model.tokenizer.encode("A JSON list of large cities with their country and population:\n",
            addSpecial: true)
        let grammar = try ConstraintCompiler.compile(jsonSchema: try JSONValue.parse(schema))
        let clock = ContinuousClock()
        let t0 = clock.now
        _ = engine.constraintVocabulary
        let indexTime = clock.now - t0
        let sampling = SamplingParameters(temperature: 0.8, seed: 42)
        let free = SequenceRequest(prompt: prompt, sampling: sampling, maxTokens: Self.tokens, ignoreEndOfGeneration: true)
        let constrained = SequenceRequest(prompt: prompt, sampling: sampling, maxTokens: Self.tokens, grammar: grammar)
        // Warm up, then interleave three runs of each and keep the best of each.
        _ = try await Self.run(engine, free)
        var bestFree = Run()
        var bestConstrained = Run()
        for _ in 0..<3 {
            let f = try await Self.run(engine, free)
            if f.tokensPerSecond > bestFree.tokensPerSecond { bestFree = f }
            let c = try await Self.run(engine, constrained)
            if c.tokensPerSecond > bestConstrained.tokensPerSecond { bestConstrained = c }
        }
        // Matcher cost over the constrained run's tokens.
        var matcher = GrammarMatcher(grammar: grammar, vocabulary: engine.constraintVocabulary)
        var mask = TokenBitset(capacity: engine.constraintVocabulary.count)
        var maskMicros: [Double] = []
        var allowsMicros: [Double] = []
        // Both length-aware, as the engine asks them (what is left of the cap, this token included).
        for (step, id) in bestConstrained.ids.enumerated() {
            let remaining = Self.tokens - step
            let a0 = clock.now
            _ = matcher.allows(token: id, remainingTokens: remaining)
            let a1 = clock.now
            mask = matcher.mask(remainingTokens: remaining)
            let a2 = clock.now
            allowsMicros.append(Double((a1 - a0).components.attoseconds) / 1e12)
            maskMicros.append(Double((a2 - a1).components.attoseconds) / 1e12 + Double((a2 - a1).components.seconds) * 1e6)
            #expect(mask.contains(id))
            matcher.accept(token: id)
        }
        let ratio = bestConstrained.tokensPerSecond / max(bestFree.tokensPerSecond, 1e-9)
        print(String(format: "%@: vocab %d (index %@); unconstrained %.1f tok/s, constrained %.1f tok/s (%.0f%%, %d tokens, %@); allows p50 %.2f µs p99 %.2f µs; full mask p50 %.1f µs p99 %.1f µs max %.1f µs",
            fileName, engine.vocabularySize, "\(indexTime)", bestFree.tokensPerSecond, bestConstrained.tokensPerSecond,
            ratio * 100, bestConstrained.generated, "\(bestConstrained.reason.map { "\($0)" } ?? "-")",
            Self.percentile(allowsMicros, 0.5), Self.percentile(allowsMicros, 0.99),
            Self.percentile(maskMicros, 0.5), Self.percentile(maskMicros, 0.99), maskMicros.max() ?? 0))
        print("  constrained text: " + String(model.tokenizer.decode(bestConstrained.ids).prefix(160)))
        if schema == Self.schema { #expect(bestConstrained.generated == Self.tokens) }
    }

    @Test func smolLM2() async throws { try await bench(TestPaths.smolLM2) }
    @Test func smolLM2Fitting() async throws { try await bench(TestPaths.smolLM2, schema: Self.fittingSchema) }
    @Test func gemma3() async throws { try await bench(TestPaths.gemma3) }
}
