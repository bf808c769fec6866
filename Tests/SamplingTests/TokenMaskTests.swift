import Testing
import Sampling

@Suite struct TokenMaskTests {
    @Test func bitsFollowTokenIds() {
        var m = TokenMask(vocabularySize: 130)
        #expect(m.wordCount == 3)
        #expect(m.allowedCount == 0)
        for id: Int32 in [0, 63, 64, 129] { m.allow(id) }
        m.allow(130)  // outside: ignored
        m.allow(-1)
        #expect(m.allowedCount == 4)
        #expect(m.contains(63) && m.contains(64) && m.contains(129) && !m.contains(1) && !m.contains(130))
        m.disallow(63)
        #expect(!m.contains(63))
        m.withUnsafeWords { w in
            #expect(w[0] == 1)
            #expect(w[1] == 1)
            #expect(w[2] == 2)
        }
    }

    @Test func allowAllLeavesTheTailClear() {
        var m = TokenMask(vocabularySize: 70, allowingAll: true)
        #expect(m.allowedCount == 70)
        m.withUnsafeMutableWords { $0[1] = ~0 }
        m.clearBitsPastEnd()
        #expect(m.allowedCount == 70)
        m.removeAll()
        #expect(m.allowedCount == 0)
    }

    @Test func applySetsDisallowedLogitsToMinusInfinity() {
        var m = TokenMask(vocabularySize: 70)
        m.allow(2)
        m.allow(65)
        var logits = [Float](repeating: 1, count: 70)
        logits.withUnsafeMutableBufferPointer { m.apply(to: $0) }
        for i in 0..<70 { #expect(logits[i] == ((i == 2 || i == 65) ? 1 : -.infinity)) }
    }
}
