/// How RoPE pairs the dimensions of a head.
public enum RoPEStyle: Sendable, Hashable {
    /// ggml's NORM: pairs `(x[2i], x[2i+1])` (llama, because the converter permutes Q/K rows).
    case adjacent
    /// ggml's NEOX: pairs `(x[i], x[i + n/2])` (qwen2, qwen3, gemma3).
    case halfSplit
}

/// Fills `cos[i]` and `sin[i]` (i < `dimensions/2`) for rotary position `position`: `θ_i = position·freqScale·base^(−2i/dimensions)`.
///
/// Computed as ggml does (f32 `theta_scale = powf(base, −2/dimensions)`, θ advanced by repeated multiplication,
/// `cosf`/`sinf`), so angles match llama.cpp's. Precompute once per position and reuse for every head and layer
/// that shares the base.
public func ropeAngles(
    position: Int, dimensions: Int, base: Float, freqScale: Float = 1,
    cos: UnsafeMutablePointer<Float>, sin: UnsafeMutablePointer<Float>
) {
    let thetaScale = powF(base, -2 / Float(dimensions))
    var theta = Float(position)
    for i in 0..<dimensions / 2 {
        let angle = freqScale * theta
        cos[i] = cosF(angle)
        sin[i] = sinF(angle)
        theta *= thetaScale
    }
}

/// Rotates the first `rotaryDimensions` of each of `heads` consecutive head vectors of `headDimension` floats in
/// place, with angles from ``ropeAngles(position:dimensions:base:freqScale:cos:sin:)``:
/// `(a, b) → (a·cos − b·sin, a·sin + b·cos)`, each pair as llama.cpp's compiled `rotate_pairs` computes it (the
/// FMA-contracted form `a·cos − b·sin = fma(a, cos, −(b·sin))`, `a·sin + b·cos = fma(a, sin, b·cos)`), which greedy
/// parity depends on.
///
/// - Parameters:
///   - x: `[heads][headDimension]` floats.
///   - cos: `[rotaryDimensions / 2]` floats.
///   - sin: `[rotaryDimensions / 2]` floats.
public func ggmlRoPE(
    _ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, rotaryDimensions: Int, style: RoPEStyle,
    cos: UnsafePointer<Float>, sin: UnsafePointer<Float>
) {
    let half = rotaryDimensions / 2
    let adjacent = style == .adjacent
    for h in 0..<heads {
        let v = x + h * headDimension
        for i in 0..<half {
            let i0 = adjacent ? 2 * i : i
            let i1 = adjacent ? 2 * i + 1 : i + half
            let a = v[i0], b = v[i1]
            v[i0] = (-(b * sin[i])).plusProduct(a, cos[i])
            v[i1] = (b * cos[i]).plusProduct(a, sin[i])
        }
    }
}
