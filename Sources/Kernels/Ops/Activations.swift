// The gated feed-forward activations. The `ggml` ones compute what llama.cpp's CPU backend (ggml-cpu, AVX2 + FMA
// build) computes, operation for operation: with 8-bit activation quantization in front of every matmul, a one-ulp
// difference in an activation flips a rounding decision now and then, and the flips cascade through the layers, so
// matching llama.cpp's greedy log-probabilities needs the same f32 arithmetic.

/// SwiGLU's element-wise part as ggml's `ggml_vec_swiglu_f32`: `y = silu(gate)·up`, with `silu(x) = x/(1 + e^−x)`
/// from ``exp8(_:)`` in groups of 8 and libm's `expf` for the tail. `y` may alias either input.
///
/// - Parameters:
///   - gate: `[count]` floats.
///   - up: `[count]` floats.
///   - y: `[count]` floats.
public func ggmlSiLUMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        let x = load8(gate, i)
        store8(x / (1 + exp8(0 - x)) * load8(up, i), y, i)
        i += 8
    }
    while i < count {
        y[i] = gate[i] / (1 + expF(-gate[i])) * up[i]
        i += 1
    }
}

/// GeGLU's element-wise part as ggml's `ggml_vec_geglu_f32` (built with `GGML_GELU_FP16`, llama.cpp's CPU default):
/// `y = gelu(gate)·up`, where `gelu` is read from a table indexed by the f16 bit pattern of the input (0 below −10,
/// identity above 10). `y` may alias either input.
///
/// - Parameters:
///   - gate: `[count]` floats.
///   - up: `[count]` floats.
///   - y: `[count]` floats.
public func ggmlGELUMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    let table = GELUTable.shared
    for i in 0..<count {
        let x = gate[i]
        if x <= -10 {
            y[i] = 0
        } else if x >= 10 {
            y[i] = x * up[i]
        } else {
            y[i] = table.value(floatToHalf(x)) * up[i]
        }
    }
}

/// GeGLU's element-wise part with the tanh GELU computed in f32 instead of ggml's f16 table (not llama.cpp's
/// arithmetic; for comparing the two): `y = gelu_tanh(gate)·up`, with
/// `gelu_tanh(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))` evaluated as `x / (1 + e^(−2u))`. `y` may alias either
/// input.
///
/// - Parameters:
///   - gate: `[count]` floats.
///   - up: `[count]` floats.
///   - y: `[count]` floats.
public func geluMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        let v = load8(gate, i)
        let u = 0.797_884_560_802_865_4 * v * (1 + 0.044_715 * v * v)
        store8(v / (1 + exp8(-2 * u)) * load8(up, i), y, i)
        i += 8
    }
    while i < count {
        let v = gate[i]
        let u = 0.797_884_560_802_865_4 * v * (1 + 0.044_715 * v * v)
        y[i] = v / (1 + expF(-2 * u)) * up[i]
        i += 1
    }
}
