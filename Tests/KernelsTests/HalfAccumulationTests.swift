import Kernels
import Testing

/// The f16 accumulation of attention's weighted values (`ggmlAccumulateHalves(heads:…)`, the group kernel of
/// `ForwardPass.accumulateHeads`) against a plain scalar reference written here: every step rounded to f16, key by
/// key. Every bit must agree, with and without rescales, for 1–4 heads, 1–8 keys, and a length with a scalar tail.
@Suite struct HalfAccumulationTests {
    /// A small deterministic generator (no dependence on the system's random source).
    struct Generator {
        var state: UInt64
        mutating func next() -> Float {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Float(Int64(bitPattern: state >> 11) % 2_000_001) / 1_000_000 - 1
        }
    }

    @Test(arguments: [64, 68])
    func groupKernelMatchesScalarReference(count: Int) {
        var g = Generator(state: UInt64(count))
        for heads in 1...4 {
            for keys in 1...8 {
                let start = (0..<(heads * count)).map { _ in Float16(g.next() * 4).bitPattern }
                let values = (0..<keys).map { _ in (0..<count).map { _ in Float16(g.next() * 3).bitPattern } }
                let scales = (0..<(heads * 8)).map { _ in abs(g.next()) }
                let weights = (0..<(heads * 8)).map { _ in abs(g.next()) }
                var rescaled = SIMD4<UInt8>()
                for h in 0..<heads { rescaled[h] = UInt8(truncatingIfNeeded: (heads * 37 + keys * 11 + h * 5) % 256) }

                // The plain reference: element by element, key by key, f16 after every step.
                var expected = start
                for h in 0..<heads {
                    for i in 0..<count {
                        var x = Float(Float16(bitPattern: expected[h * count + i]))
                        for j in 0..<keys {
                            if rescaled[h] & (1 << j) != 0 { x = Float(Float16(x * scales[h * 8 + j])) }
                            x = Float(Float16(x.addingProduct(Float(Float16(bitPattern: values[j][i])), weights[h * 8 + j])))
                        }
                        expected[h * count + i] = Float16(x).bitPattern
                    }
                }

                // The one-key kernel, once per key.
                var single = start
                for j in 0..<keys {
                    var mask: UInt8 = 0
                    var s = SIMD4<Float>(repeating: 1), w = SIMD4<Float>()
                    for h in 0..<heads {
                        if rescaled[h] & (1 << j) != 0 { mask |= 1 << h; s[h] = scales[h * 8 + j] }
                        w[h] = weights[h * 8 + j]
                    }
                    values[j].withUnsafeBufferPointer { v in
                        single.withUnsafeMutableBufferPointer { a in
                            ggmlAccumulateHalves(
                                heads: heads, a.baseAddress!, v.baseAddress!, count: count, scaled: mask, by: s, weights: w)
                        }
                    }
                }

                #expect(single == expected, "one-key kernel, \(heads) heads, \(keys) keys, count \(count)")
            }
        }
    }
}
