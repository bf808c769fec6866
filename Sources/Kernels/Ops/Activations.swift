/// SiLU: `y = x / (1 + e^−x)`. `y` may be `x`.
public func silu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 8 <= count {
        let v = load8(x, i)
        store8(v / (1 + exp8(-v)), y, i)
        i += 8
    }
    while i < count {
        y[i] = x[i] / (1 + expF(-x[i]))
        i += 1
    }
}

/// GELU, tanh form: `y = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))`, computed as `x / (1 + e^(−2u))`.
/// `y` may be `x`. (ggml looks this up in an f16 table; we compute it in f32.)
public func gelu(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 8 <= count {
        store8(gelu8(load8(x, i)), y, i)
        i += 8
    }
    while i < count {
        let v = x[i]
        let u = 0.797_884_560_802_865_4 * v * (1 + 0.044_715 * v * v)
        y[i] = v / (1 + expF(-2 * u))
        i += 1
    }
}

/// SwiGLU's elementwise part: `y = silu(gate) ⊙ up`. `y` may alias either input.
public func siluMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        let g = load8(gate, i)
        store8(g / (1 + exp8(-g)) * load8(up, i), y, i)
        i += 8
    }
    while i < count {
        y[i] = gate[i] / (1 + expF(-gate[i])) * up[i]
        i += 1
    }
}

/// GeGLU's elementwise part: `y = gelu_tanh(gate) ⊙ up`. `y` may alias either input.
public func geluMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        store8(gelu8(load8(gate, i)) * load8(up, i), y, i)
        i += 8
    }
    while i < count {
        let v = gate[i]
        let u = 0.797_884_560_802_865_4 * v * (1 + 0.044_715 * v * v)
        y[i] = v / (1 + expF(-2 * u)) * up[i]
        i += 1
    }
}

@inline(__always)
private func gelu8(_ v: SIMD8<Float>) -> SIMD8<Float> {
    let u = 0.797_884_560_802_865_4 * v * (1 + 0.044_715 * v * v)
    return v / (1 + exp8(-2 * u))
}
