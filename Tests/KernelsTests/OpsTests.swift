import Kernels
import Testing

@Suite struct OpsTests {
    func close(_ a: [Float], _ b: [Float], relative: Float, absolute: Float, _ what: String) {
        #expect(a.count == b.count)
        for i in a.indices {
            let tolerance = relative * max(abs(a[i]), abs(b[i])) + absolute
            #expect(abs(a[i] - b[i]) <= tolerance, "\(what) [\(i)]: \(a[i]) vs \(b[i])")
            if abs(a[i] - b[i]) > tolerance { return }
        }
    }

    @Test(arguments: [1, 7, 64, 576, 2049])
    func rmsNormMatchesReference(count: Int) {
        var rng = SeededRandom(seed: UInt64(count))
        let x = rng.values(count, scale: 3)
        let w = rng.values(count)
        for weight in [w, nil] {
            var fast = [Float](repeating: 0, count: count), reference = fast
            weight.withOptionalPointer { wp in
                ggmlRMSNorm(x, weight: wp, count: count, epsilon: 1e-6, into: &fast)
                Reference.rmsNorm(x, weight: wp, count: count, epsilon: 1e-6, into: &reference)
            }
            close(fast, reference, relative: 2e-6, absolute: 1e-7, "rmsNorm \(count)")
        }
        // In place.
        var y = x
        y.withUnsafeMutableBufferPointer { ggmlRMSNorm($0.baseAddress!, weight: nil, count: count, epsilon: 1e-6, into: $0.baseAddress!) }
        var reference = [Float](repeating: 0, count: count)
        Reference.rmsNorm(x, weight: nil, count: count, epsilon: 1e-6, into: &reference)
        close(y, reference, relative: 2e-6, absolute: 1e-7, "rmsNorm in place")
    }

    @Test(arguments: [RoPEStyle.adjacent, .halfSplit])
    func ropeMatchesReference(style: RoPEStyle) {
        var rng = SeededRandom(seed: 42)
        for (headDimension, rotary, base) in [(64, 64, Float(100_000)), (256, 256, 1_000_000), (128, 64, 10_000), (24, 24, 10_000)] {
            for position in [0, 1, 17, 511, 4000] {
                let heads = 3
                let x = rng.values(heads * headDimension)
                var cos = [Float](repeating: 0, count: rotary / 2), sin = cos
                ropeAngles(position: position, dimensions: rotary, base: base, cos: &cos, sin: &sin)
                var fast = x, reference = x
                ggmlRoPE(&fast, heads: heads, headDimension: headDimension, rotaryDimensions: rotary, style: style,
                          cos: cos, sin: sin)
                Reference.rope(&reference, heads: heads, headDimension: headDimension, rotaryDimensions: rotary,
                               style: style, position: position, base: base)
                // Angles advance by f32 multiplication as in ggml: the error grows with the position.
                let absolute = (2e-6 + 3e-7 * Float(position)) * 4
                close(fast, reference, relative: 1e-5, absolute: absolute, "rope \(style) d\(headDimension) pos \(position)")
                if rotary < headDimension {
                    for h in 0..<heads {
                        for i in rotary..<headDimension {
                            #expect(fast[h * headDimension + i] == x[h * headDimension + i], "unrotated tail")
                        }
                    }
                }
            }
        }
    }

    @Test func ropePairsTheRightDimensions() {
        // Position 1, base such that θ_0 = 1 rad: only pair 0 moves noticeably when the other angles are tiny.
        var x: [Float] = [1, 0, 0, 0, 0, 0, 0, 0]
        var cos = [Float](repeating: 0, count: 4), sin = cos
        ropeAngles(position: 1, dimensions: 8, base: 1e30, cos: &cos, sin: &sin)
        var adjacent = x
        ggmlRoPE(&adjacent, heads: 1, headDimension: 8, rotaryDimensions: 8, style: .adjacent, cos: cos, sin: sin)
        #expect(abs(adjacent[0] - Float(0.540_302_3)) < 1e-6 && abs(adjacent[1] - Float(0.841_471)) < 1e-6)
        ggmlRoPE(&x, heads: 1, headDimension: 8, rotaryDimensions: 8, style: .halfSplit, cos: cos, sin: sin)
        #expect(abs(x[0] - Float(0.540_302_3)) < 1e-6 && abs(x[4] - Float(0.841_471)) < 1e-6 && x[1] == 0)
    }

    @Test func activationsMatchReference() {
        var rng = SeededRandom(seed: 9)
        var x = rng.values(1003, scale: 4)
        x += [-100, -30, -10, -1e-8, 0, 1e-8, 10, 30, 88, 100]
        let up = rng.values(x.count)
        var fast = [Float](repeating: 0, count: x.count), reference = fast
        Reference.silu(x, count: x.count, into: &reference)
        ggmlSiLUMultiply(gate: x, up: up, count: x.count, into: &fast)
        close(fast, zip(reference, up).map { $0 * $1 }, relative: 4e-6, absolute: 1e-30, "ggmlSiLUMultiply")
        Reference.gelu(x, count: x.count, into: &reference)
        // In the far negative tail GELU is e^(−2u) with u ≈ 18 computed in f32: an argument error of one ulp is a
        // relative error of about |2u|·2⁻²³ in the result.
        geluMultiply(gate: x, up: up, count: x.count, into: &fast)
        close(fast, zip(reference, up).map { $0 * $1 }, relative: 1.3e-5, absolute: 1e-30, "geluMultiply")
        // ggml's table: GELU of the input rounded to f16 (|x| < 10), computed in f32 and rounded to f16 (half an f16
        // ulp is 2⁻¹¹ relative), then multiplied in f32. For x < 0 its f32 `1 + tanh` cancels: an absolute error of a
        // few f32 ulps of 1, times 0.5·|x|·|up| (at most ~10 here).
        let halfInputs = x.map { abs($0) < 10 ? Float(Float16($0)) : $0 }
        Reference.gelu(halfInputs, count: x.count, into: &reference)
        ggmlGELUMultiply(gate: x, up: up, count: x.count, into: &fast)
        close(fast, zip(reference, up).map { $0 * $1 }, relative: 1.5e-3, absolute: 1e-5, "ggmlGELUMultiply")
        // In place.
        var inPlace = x
        inPlace.withUnsafeMutableBufferPointer { ggmlSiLUMultiply(gate: $0.baseAddress!, up: up, count: x.count, into: $0.baseAddress!) }
        ggmlSiLUMultiply(gate: x, up: up, count: x.count, into: &fast)
        #expect(inPlace.map(\.bitPattern) == fast.map(\.bitPattern))
    }

    @Test func elementwiseArithmetic() {
        var rng = SeededRandom(seed: 10)
        let a = rng.values(77), b = rng.values(77)
        var y = [Float](repeating: 0, count: 77)
        add(a, b, count: 77, into: &y)
        #expect(y == zip(a, b).map { $0 + $1 })
        multiply(a, b, count: 77, into: &y)
        #expect(y == zip(a, b).map { $0 * $1 })
        scale(a, by: 0.3, count: 77, into: &y)
        #expect(y == a.map { $0 * 0.3 })
    }
}

extension Optional where Wrapped == [Float] {
    func withOptionalPointer<R>(_ body: (UnsafePointer<Float>?) -> R) -> R {
        switch self {
        case .some(let array): array.withUnsafeBufferPointer { body($0.baseAddress) }
        case .none: body(nil)
        }
    }
}
