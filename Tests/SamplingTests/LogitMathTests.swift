import Foundation
import Testing
import Sampling

/// The vector helpers against their scalar twins and the C library.
@Suite struct LogitMathTests {
    @Test func vectorExpMatchesTheCLibrary() {
        var worst: Double = 0
        var x: Float = -87
        while x <= 10 {
            let got = Double(LogitMath.exp(x))
            let want = Foundation.exp(Double(x))
            worst = max(worst, abs(got - want) / want)
            x += 0.0137
        }
        #expect(worst < 3e-7, "worst relative error \(worst)")
        #expect(LogitMath.exp(0) == 1)
        #expect(LogitMath.exp(-.infinity) == 0)
        #expect(LogitMath.exp(-100) == 0)
        #expect(LogitMath.exp(200).isFinite)
    }

    /// Buffers with lengths around the vector width, NaN, ±∞ and ties.
    static func buffers() -> [[Float]] {
        var out: [[Float]] = []
        for n in [1, 2, 15, 16, 17, 31, 33, 100, 1000, 4099] {
            var b = randomLogits(count: n, seed: UInt64(n))
            if n > 3 {
                b[n / 3] = .nan
                b[n - 1] = -.infinity
                b[n / 2] = b.filter { !$0.isNaN }.max() ?? 0  // a tie with the maximum
            }
            out.append(b)
        }
        out.append([.nan, .nan, .nan])
        out.append([-.infinity, -.infinity])
        out.append([1, .infinity, 2, .nan, .infinity] + [Float](repeating: 0, count: 20))
        return out
    }

    @Test func sanitizeAndMaxMatchesTheReference() {
        for b in Self.buffers() {
            var fast = b
            var slow = b
            let mf = fast.withUnsafeMutableBufferPointer { LogitMath.sanitizeAndMax($0) }
            let ms = slow.withUnsafeMutableBufferPointer { LogitMath.Reference.sanitizeAndMax($0) }
            #expect(mf == ms)
            #expect(fast == slow)
            #expect(!fast.contains { $0.isNaN })
        }
    }

    @Test func plusInfinityMakesAUniformChoiceOverTheInfiniteLogits() {
        var b: [Float] = [1, .infinity, 2, .nan, .infinity]
        let m = b.withUnsafeMutableBufferPointer { LogitMath.sanitizeAndMax($0) }
        #expect(m == 0)
        #expect(b == [-.infinity, 0, -.infinity, -.infinity, 0])
    }

    @Test func maximumFirstIndexAndSumsMatchTheReference() {
        for var b in Self.buffers() {
            let m = b.withUnsafeMutableBufferPointer { LogitMath.Reference.sanitizeAndMax($0) }
            b.withUnsafeBufferPointer { p in
                #expect(LogitMath.maximum(p) == LogitMath.Reference.maximum(p))
                #expect(LogitMath.firstIndex(of: m, in: p) == LogitMath.Reference.firstIndex(of: m, in: p))
                guard m > -.infinity else { return }
                for scale: Float in [1, 0.5, 2.5] {
                    let fast = LogitMath.sumExp(p, offset: m, scale: scale)
                    let slow = LogitMath.Reference.sumExp(p, offset: m, scale: scale)
                    #expect(abs(fast - slow) <= 2e-6 * slow, "n=\(p.count) scale=\(scale): \(fast) vs \(slow)")
                }
                let lse = Double(LogitMath.logSumExp(p, max: m))
                #expect(abs(lse - LogitMath.Reference.logSumExp(p)) < 1e-5)
            }
        }
    }

    @Test func largeVocabularySumIsAccurate() {
        let b = randomLogits(count: 262_144, seed: 99, spread: 4)
        b.withUnsafeBufferPointer { p in
            let m = LogitMath.maximum(p)
            let fast = LogitMath.sumExp(p, offset: m, scale: 1)
            let slow = LogitMath.Reference.sumExp(p, offset: m, scale: 1)
            #expect(abs(fast - slow) <= 1e-6 * slow)
        }
    }
}

/// The whole-vocabulary scans against their scalar twins.
@Suite struct LogitScanTests {
    static func prepared(_ b: [Float]) -> [Float] {
        var c = b
        _ = c.withUnsafeMutableBufferPointer { LogitMath.Reference.sanitizeAndMax($0) }
        return c
    }

    @Test func weightLevelsMatchTheReference() {
        for raw in LogitMathTests.buffers() {
            let b = Self.prepared(raw)
            b.withUnsafeBufferPointer { p in
                let m = LogitMath.Reference.maximum(p)
                guard m > -.infinity else { return }
                for invT: Float in [1, 0.4, 3] {
                    let fast = LogitMath.weightLevels(p, max: m, invTemperature: invT)
                    let slow = LogitMath.Reference.weightLevels(p, max: m, invTemperature: invT)
                    #expect(abs(fast.total - slow.total) <= 2e-6 * slow.total)
                    for k in 0..<8 { #expect(abs(fast.massAbove[k] - slow.massAbove[k]) <= 2e-6 * slow.total) }
                }
            }
        }
    }

    @Test func countAboveMatchesTheReference() {
        for raw in LogitMathTests.buffers() {
            let b = Self.prepared(raw)
            b.withUnsafeBufferPointer { p in
                let m = LogitMath.Reference.maximum(p)
                let fast = LogitMath.countAbove(p, max: m)
                #expect((0..<8).map { Int(fast[$0]) } == LogitMath.Reference.countAbove(p, max: m))
            }
        }
    }

    @Test func drawIndexMatchesTheReference() {
        for raw in LogitMathTests.buffers() {
            let b = Self.prepared(raw)
            b.withUnsafeBufferPointer { p in
                let m = LogitMath.Reference.maximum(p)
                guard m > -.infinity else { return }
                let total = LogitMath.Reference.sumExp(p, offset: m, scale: 0.7)
                var g = SplitMix64(state: UInt64(p.count))
                for _ in 0..<50 {
                    let target = Double(g.next() >> 11) / 9_007_199_254_740_992 * total
                    let fast = LogitMath.drawIndex(p, max: m, invTemperature: 0.7, target: target)
                    let slow = LogitMath.Reference.drawIndex(p, max: m, invTemperature: 0.7, target: target)
                    if fast != slow, let f = fast, let s = slow {
                        // Allowed only when the target sits within rounding of the boundary between the two.
                        let lo = min(f, s)
                        let below = LogitMath.Reference.sumExp(
                            UnsafeBufferPointer(rebasing: p[0...lo]), offset: m, scale: 0.7)
                        #expect(abs(below - target) < 1e-5 * total, "n=\(p.count): \(f) vs \(s)")
                    } else {
                        #expect(fast == slow)
                    }
                }
                #expect(LogitMath.drawIndex(p, max: m, invTemperature: 0.7, target: total * 2) ==
                        LogitMath.Reference.drawIndex(p, max: m, invTemperature: 0.7, target: total * 2))
            }
        }
    }
}
