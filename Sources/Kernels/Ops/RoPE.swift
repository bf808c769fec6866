/// How RoPE pairs the dimensions of a head (ENGINE.md §1.7, §3.1).
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
/// `(a, b) → (a·cos − b·sin, a·sin + b·cos)`.
public func applyRoPE(
    _ x: UnsafeMutablePointer<Float>, heads: Int, headDimension: Int, rotaryDimensions: Int, style: RoPEStyle,
    cos: UnsafePointer<Float>, sin: UnsafePointer<Float>
) {
    let half = rotaryDimensions / 2
    for h in 0..<heads {
        let v = x + h * headDimension
        switch style {
        case .halfSplit:
            var i = 0
            while i + 8 <= half {
                let a = load8(v, i), b = load8(v, i + half)
                let c = load8(cos, i), s = load8(sin, i)
                store8(a * c - b * s, v, i)
                store8(a * s + b * c, v, i + half)
                i += 8
            }
            while i < half {
                let a = v[i], b = v[i + half]
                v[i] = a * cos[i] - b * sin[i]
                v[i + half] = a * sin[i] + b * cos[i]
                i += 1
            }
        case .adjacent:
            for i in 0..<half {
                let a = v[2 * i], b = v[2 * i + 1]
                v[2 * i] = a * cos[i] - b * sin[i]
                v[2 * i + 1] = a * sin[i] + b * cos[i]
            }
        }
    }
}
