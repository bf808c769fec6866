import Testing
import Sampling

@Suite struct SampledTokenTests {
    @Test func topLogprobsStoreInlineAndCompareByContent() {
        var a = TopLogprobs()
        a.append(id: 5, logprob: -0.1)
        a.append(id: 2, logprob: -2)
        #expect(a.count == 2)
        #expect(a[0] == (5, -0.1) && a[1] == (2, -2))
        #expect(a.map(\.id) == [5, 2])
        let b = TopLogprobs([(id: 5, logprob: -0.1), (id: 2, logprob: -2)])
        #expect(a == b)
        a.removeAll()
        #expect(a.isEmpty && a == TopLogprobs())
        var full = TopLogprobs()
        for i in 0..<40 { full.append(id: Int32(i), logprob: 0) }
        #expect(full.count == TopLogprobs.capacity)
    }
}
