import Constraints
import Foundation
import InferenceTypes
import Testing

/// Performance numbers (printed, never failing on timing): compile time per corpus schema, vocabulary index
/// build time, `allows` cost and full-mask p50/p99 on the real SmolLM2 (49,152) and Gemma 3 (262,144)
/// vocabularies. Run in release: `swift test -c release --filter constraintThroughput`.
@Suite(.serialized) struct ConstraintThroughputTests {
    static func percentile(_ xs: [Int], _ p: Double) -> Int {
        guard !xs.isEmpty else { return 0 }
        let s = xs.sorted()
        return s[min(s.count - 1, Int((Double(s.count - 1) * p).rounded()))]
    }

    static func us(_ ns: Int) -> String { String(format: "%.1f µs", Double(ns) / 1000) }
    static func ms(_ ns: Int) -> String { String(format: "%.2f ms", Double(ns) / 1_000_000) }

    @Test func constraintThroughput() throws {
        let clock = ContinuousClock()
        #if DEBUG
        print("constraintThroughput: debug build — numbers are not representative; run with -c release")
        #endif
        // Compile time per schema (best of 3, cold each time).
        var compile: [(String, Int, Int)] = []
        for (name, _, schema) in try Corpus.schemas() {
            var best = Int.max
            var states = 0
            for _ in 0..<3 {
                let t0 = clock.now
                let g = try ConstraintCompiler.compile(jsonSchema: schema)
                best = min(best, RandomGrammarWalker.nanos(clock.now - t0))
                states = g.stateCount
            }
            compile.append((name, best, states))
        }
        let compileTimes = compile.map(\.1)
        print("compile: \(compile.count) schemas, median \(Self.ms(Self.percentile(compileTimes, 0.5))), max \(Self.ms(compileTimes.max() ?? 0))")
        for (name, t, states) in compile.sorted(by: { $0.1 > $1.1 }).prefix(5) {
            print("  slowest: \(name) \(Self.ms(t)) (\(states) states)")
        }

        // Vocabulary index build.
        for (label, file) in [("SmolLM2", TestPaths_smol), ("Gemma 3", TestPaths_gemma)] {
            let table = try TestVocabularies.load(fileName: file)
            let t0 = clock.now
            let index = ConstraintVocabulary(table)
            let nodes = index.trieNodeCounts
            print("\(label): index of \(table.count) tokens built in \(Self.ms(RandomGrammarWalker.nanos(clock.now - t0))) — trie nodes: \(nodes.plain) plain-slice + \(nodes.rest) other")
        }

        // Masks during random walks over every corpus schema (3 seeds each), per vocabulary.
        for (label, vocabResult, decodeMs) in [
            ("SmolLM2", TestVocabularies.smolLM2, 7.4), ("Gemma 3", TestVocabularies.gemma3, 18.9),
        ] {
            let vocab = try vocabResult.get()
            var masks: [Int] = []
            var allows: [Int] = []
            var steps = 0
            var perSchema: [(String, Int, Int)] = []
            for (name, _, schema) in try Corpus.schemas() {
                let g = try ConstraintCompiler.compile(jsonSchema: schema)
                var walker = RandomGrammarWalker(vocabulary: vocab, grammar: g, maxTokens: 200)
                walker.crossCheck = false
                for seed in 0..<3 {
                    let out = walker.run(seed: UInt64(seed), explore: 0.5)
                    masks += out.maskNanos
                    allows += out.allowsNanos
                    steps += out.maskNanos.count
                    perSchema.append((name, out.maskNanos.max() ?? 0, out.maskNanos.firstIndex(of: out.maskNanos.max() ?? 0) ?? 0))
                }
            }
            for (name, t, step) in perSchema.sorted(by: { $0.1 > $1.1 }).prefix(6) {
                print("  slowest mask: \(name) \(Self.ms(t)) at step \(step)")
            }
            let meanMask = masks.reduce(0, +) / max(1, masks.count)
            let meanAllows = allows.reduce(0, +) / max(1, allows.count)
            print("\(label): \(steps) steps — full mask p50 \(Self.us(Self.percentile(masks, 0.5))), p99 \(Self.us(Self.percentile(masks, 0.99))), max \(Self.ms(masks.max() ?? 0)), mean \(Self.us(meanMask)); allows(chosen) mean \(Self.us(meanAllows)), p99 \(Self.us(Self.percentile(allows, 0.99)))")
            // Against the memory-bandwidth decode bound (model bytes / DRAM bandwidth, ms per token):
            let fullMaskShare = decodeMs / (decodeMs + Double(meanMask) / 1e6)
            let checkShare = decodeMs / (decodeMs + Double(meanAllows) / 1e6)
            print(String(format: "  vs %.1f ms/token decode: %.1f%% of unconstrained tokens/s if the full mask is built every step, %.2f%% with sample-then-check", decodeMs, fullMaskShare * 100, checkShare * 100))
        }

        // A free-text grammar where most tokens are allowed but the plain-text slice does not apply.
        for (label, vocabResult) in [("SmolLM2", TestVocabularies.smolLM2), ("Gemma 3", TestVocabularies.gemma3)] {
            let vocab = try vocabResult.get()
            let g = try ConstraintCompiler.compile(gbnf: #"root ::= [a-z ,.]{0,400}"#)
            var m = GrammarMatcher(grammar: g, vocabulary: vocab)
            var mask = TokenBitset(capacity: vocab.count)
            var times: [Int] = []
            var rng = SplitMix64(seed: 1)
            for _ in 0..<40 {
                let t0 = clock.now
                m.fillMask(into: &mask)
                times.append(RandomGrammarWalker.nanos(clock.now - t0))
                let members = mask.members.filter { !vocab.endOfGeneration.contains($0) }
                guard let t = members.randomElement(using: &rng) else { break }
                _ = m.accept(token: t)
            }
            print("\(label): [a-z ,.]* free text (\(mask.count) tokens allowed at the end) — mask p50 \(Self.us(Self.percentile(times, 0.5))), max \(Self.ms(times.max() ?? 0))")
        }
    }
}

extension ConstraintThroughputTests {
    /// Large bounds compile in bounded time, or fail with a pointer to the bound (printed times never fail).
    @Test func compileLimits() throws {
        let clock = ContinuousClock()
        let cases: [(String, String)] = [
            ("maxLength 10000", #"{"type":"string","maxLength":10000}"#),
            ("minLength 10000", #"{"type":"string","minLength":10000}"#),
            ("maxLength 1000 + pattern", #"{"type":"string","maxLength":1000,"pattern":"^[a-z ]+$"}"#),
            ("maxLength 1000 + pattern .+x", #"{"type":"string","maxLength":1000,"pattern":"^.+x$"}"#),
            ("maxLength 5000 + pattern", #"{"type":"string","maxLength":5000,"pattern":"^.+x$"}"#),
            ("maxItems 10000", #"{"type":"array","items":{"type":"object","properties":{"a":{"type":"integer"}}},"maxItems":10000}"#),
            ("pattern (ab|cd){1000}", #"{"type":"string","pattern":"^(ab|cd){1000}$"}"#),
            ("email maxLength 254", #"{"type":"string","format":"email","maxLength":254}"#),
            ("enum of 2000 strings", "{\"enum\":[" + (0..<2000).map { "\"value number \($0)\"" }.joined(separator: ",") + "]}"),
        ]
        for (label, text) in cases {
            let schema = try JSONValue.parse(text)
            let t0 = clock.now
            do {
                let g = try ConstraintCompiler.compile(jsonSchema: schema)
                print("compile \(label): \(Self.ms(RandomGrammarWalker.nanos(clock.now - t0))), \(g.stateCount) states")
            } catch {
                print("compile \(label): rejected in \(Self.ms(RandomGrammarWalker.nanos(clock.now - t0))): \(error)")
                #expect(error.pointer != nil, "\(label): error without a pointer")
            }
        }
    }
}

private let TestPaths_smol = "SmolLM2-135M-Instruct.Q4_1.gguf"
private let TestPaths_gemma = "gemma-3-270m-q4_k_m.gguf"
