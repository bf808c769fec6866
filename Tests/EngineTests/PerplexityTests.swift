import Engine
import Foundation
import Testing

@Suite struct PerplexityTests {
    @Test func chunkingFollowsLlamaCpp() {
        let tokens = (0..<2600).map { Int32($0) }
        let plan = PerplexityPlan(tokens: tokens, contextLength: 512, bos: 7)
        #expect(plan.chunkCount == 5 && plan.hasEnoughTokens && plan.firstScored == 256)
        let c1 = plan.chunk(1)
        #expect(c1.count == 512 && c1[0] == 7 && c1[1] == 513)
        #expect(plan.target(chunk: 1, position: 256) == 512 + 257)
        #expect(!PerplexityPlan(tokens: Array(tokens.prefix(1000)), contextLength: 512, bos: nil).hasEnoughTokens)
        #expect(PerplexityPlan(tokens: tokens, contextLength: 512, bos: nil).chunk(1)[0] == 512)
    }

    @Test func uniformModelHasPerplexityOfItsVocabulary() {
        var acc = PerplexityAccumulator()
        let logits = [Float](repeating: 0.25, count: 50)
        logits.withUnsafeBufferPointer { buf in
            for t in 0..<10 { acc.add(logprob: PerplexityAccumulator.logprob(of: t, logits: buf)) }
        }
        #expect(abs(acc.perplexity - 50) < 1e-9)
        #expect(acc.error.isNaN || acc.error < 1e-5)  // zero variance up to rounding
    }

    @Test func errorMatchesTheFormula() {
        var acc = PerplexityAccumulator()
        let lps = [-1.0, -2.0, -0.5, -3.0]
        for lp in lps { acc.add(logprob: lp) }
        let mean = lps.map { -$0 }.reduce(0, +) / 4
        let mean2 = lps.map { $0 * $0 }.reduce(0, +) / 4
        let ppl = exp(mean)
        #expect(abs(acc.perplexity - ppl) < 1e-12)
        #expect(abs(acc.error - ppl * sqrt((mean2 - mean * mean) / 3)) < 1e-12)
    }
}
