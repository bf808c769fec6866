extension Reference {
    /// Scalar twin of ``rmsNorm(_:weight:count:epsilon:into:)``, accumulating in Double.
    public static func rmsNorm(
        _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, count: Int, epsilon: Float,
        into y: UnsafeMutablePointer<Float>
    ) {
        var sum = 0.0
        for i in 0..<count { sum += Double(x[i]) * Double(x[i]) }
        let scale = 1 / (sum / Double(count) + Double(epsilon)).squareRoot()
        for i in 0..<count { y[i] = Float(Double(x[i]) * scale * Double(weight?[i] ?? 1)) }
    }

    /// Scalar twin of ``ropeAngles(position:dimensions:base:freqScale:cos:sin:)`` and
    /// ``applyRoPE(_:heads:headDimension:rotaryDimensions:style:cos:sin:)`` in one: rotates with
    /// `θ_i = position·freqScale·base^(−2i/rotaryDimensions)` computed directly in Double.
    public static func rope(
        _ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, rotaryDimensions: Int, style: RoPEStyle,
        position: Int, base: Float, freqScale: Float = 1
    ) {
        let half = rotaryDimensions / 2
        for h in 0..<heads {
            let v = x + h * headDimension
            for i in 0..<half {
                let theta = Double(position) * Double(freqScale)
                    * powD(Double(base), -2 * Double(i) / Double(rotaryDimensions))
                let (ia, ib) = style == .adjacent ? (2 * i, 2 * i + 1) : (i, i + half)
                let a = Double(v[ia]), b = Double(v[ib])
                v[ia] = Float(a * cosD(theta) - b * sinD(theta))
                v[ib] = Float(a * sinD(theta) + b * cosD(theta))
            }
        }
    }

    /// Scalar twin of ``softmax(_:count:)`` in Double.
    public static func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) {
        var peak = -Double.infinity
        for i in 0..<count where Double(x[i]) > peak { peak = Double(x[i]) }
        var sum = 0.0
        var e = [Double](repeating: 0, count: count)
        for i in 0..<count {
            e[i] = expD(Double(x[i]) - peak)
            sum += e[i]
        }
        for i in 0..<count { x[i] = Float(e[i] / sum) }
    }

    /// Scalar twin of ``silu(_:count:into:)``.
    public static func silu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count { y[i] = Float(Double(x[i]) / (1 + expD(-Double(x[i])))) }
    }

    /// Scalar twin of ``gelu(_:count:into:)``: `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` in Double.
    public static func gelu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let v = Double(x[i])
            let z = (2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)
            // 1 + tanh(z) written as 2/(1 + e^(−2z)): the same value without cancellation in the far negative tail.
            let onePlusTanh = z > 0 ? 1 + tanhD(z) : 2 / (1 + expD(-2 * z))
            y[i] = Float(0.5 * v * onePlusTanh)
        }
    }

    /// Scalar twin of ``attention(query:keys:values:positions:headDimension:kvStride:scale:scores:output:)``:
    /// `softmax(scale·q·Kᵀ)·V` over f16 keys and values, in Double.
    public static func attention(
        query: UnsafePointer<Float>, keys: UnsafePointer<UInt16>, values: UnsafePointer<UInt16>, positions: Int,
        headDimension: Int, kvStride: Int, scale: Float, output: UnsafeMutablePointer<Float>
    ) {
        func h(_ p: UnsafePointer<UInt16>, _ i: Int) -> Double { Double(Float(Float16(bitPattern: p[i]))) }
        var scores = [Double](repeating: 0, count: positions)
        for p in 0..<positions {
            var s = 0.0
            for d in 0..<headDimension { s += Double(query[d]) * h(keys + p * kvStride, d) }
            scores[p] = s * Double(scale)
        }
        let peak = scores.max() ?? 0
        var sum = 0.0
        for p in 0..<positions {
            scores[p] = expD(scores[p] - peak)
            sum += scores[p]
        }
        for d in 0..<headDimension {
            var acc = 0.0
            for p in 0..<positions { acc += scores[p] / sum * h(values + p * kvStride, d) }
            output[d] = Float(acc)
        }
    }
}
