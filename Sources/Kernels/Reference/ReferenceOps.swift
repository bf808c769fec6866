extension Reference {
    /// Scalar twin of ``ggmlRMSNorm(_:weight:count:epsilon:into:)``, accumulating in Double.
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
    /// ``ggmlRoPE(_:heads:headDimension:rotaryDimensions:style:cos:sin:)`` in one: rotates with
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

    /// SiLU in Double: the scalar twin of ``ggmlSiLUMultiply(gate:up:count:into:)`` before the multiply.
    public static func silu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count { y[i] = Float(Double(x[i]) / (1 + expD(-Double(x[i])))) }
    }

    /// The tanh GELU in Double, `0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`: the scalar twin of
    /// ``geluMultiply(gate:up:count:into:)`` and ``ggmlGELUMultiply(gate:up:count:into:)`` before the multiply.
    public static func gelu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
        for i in 0..<count {
            let v = Double(x[i])
            let z = (2 / Double.pi).squareRoot() * (v + 0.044715 * v * v * v)
            // 1 + tanh(z) written as 2/(1 + e^(−2z)): the same value without cancellation in the far negative tail.
            let onePlusTanh = z > 0 ? 1 + tanhD(z) : 2 / (1 + expD(-2 * z))
            y[i] = Float(0.5 * v * onePlusTanh)
        }
    }
}
