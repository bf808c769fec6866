#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Element-wise steps computed the way llama.cpp's CPU backend (ggml-cpu, AVX2 + FMA build) computes them, operation
// for operation. This is not pedantry: with 8-bit activation quantization in front of every matmul, a one-ulp
// difference in an activation flips a rounding decision now and then, and the flips cascade through the layers
// (measured on SmolLM2: a 1e-6 relative nudge to one norm weight moved top-5 log-probabilities by up to 0.18).
// Matching llama.cpp's greedy log-probabilities within 0.05 therefore needs the same f32 arithmetic.
//
// TODO(kernels): Kernels' `rmsNorm`, `siluMultiply` and `geluMultiply` compute the same functions with a different
// operation order (f32 SIMD sums, their own exp, exact GELU). Move these ggml-order variants into Kernels, with
// these scalar loops as their reference twins.

/// RMSNorm as ggml computes it: `Σ x²` in double over f32 squares, `scale = 1/sqrtf(mean + eps)` in f32, then
/// `y = (x·scale)·w`. `y` may be `x`.
///
/// - Parameters:
///   - x: `[count]` floats.
///   - weight: `[count]` floats, or `nil` for no weight.
///   - y: `[count]` floats.
@inline(__always)
func ggmlRMSNorm(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, count: Int, epsilon: Float,
    into y: UnsafeMutablePointer<Float>
) {
    var sum: Double = 0
    for i in 0..<count {
        sum += Double(x[i] * x[i])
    }
    let mean = Float(sum / Double(count))
    let scale: Float = 1 / sqrtf(mean + epsilon)
    if let weight {
        for i in 0..<count { y[i] = x[i] * scale * weight[i] }
    } else {
        for i in 0..<count { y[i] = x[i] * scale }
    }
}

/// ggml's vectorized `expf` for AVX2 + FMA (`ggml_v_expf`, adapted there from Arm's optimized routines; max error
/// 1.45 ulp + 0.5), lane for lane. Used by SiLU, so SwiGLU outputs match llama.cpp bit for bit.
@inline(__always)
func ggmlExp8(_ x: SIMD8<Float>) -> SIMD8<Float> {
    let r = SIMD8<Float>(repeating: 0x1.8p23)
    let z = r.addingProduct(x, SIMD8(repeating: 0x1.715476p+0))
    let n = z - r
    let b = (x.addingProduct(-n, SIMD8(repeating: 0x1.62e4p-1))).addingProduct(-n, SIMD8(repeating: 0x1.7f7d1cp-20))
    let e = unsafeBitCast(z, to: SIMD8<UInt32>.self) &<< 23
    let k = unsafeBitCast(e &+ Float(1).bitPattern, to: SIMD8<Float>.self)
    let absN = unsafeBitCast(unsafeBitCast(n, to: SIMD8<UInt32>.self) & 0x7FFF_FFFF, to: SIMD8<Float>.self)
    let c = absN .> 126
    let u = b * b
    let inner1 = SIMD8<Float>(repeating: 0x1.573e2ep-5).addingProduct(SIMD8(repeating: 0x1.0e4020p-7), b)
    let inner2 = SIMD8<Float>(repeating: 0x1.fffdb6p-2).addingProduct(SIMD8(repeating: 0x1.555e66p-3), b)
    let j = (SIMD8<Float>(repeating: 0x1.ffffecp-1) * b).addingProduct(inner2.addingProduct(inner1, u), u)
    if !any(c) {
        return k.addingProduct(j, k)
    }
    let g = SIMD8<UInt32>(repeating: 0).replacing(with: 0x8200_0000, where: n .<= 0)
    let s1 = unsafeBitCast(g &+ 0x7F00_0000, to: SIMD8<Float>.self)
    let s2 = unsafeBitCast(e &- g, to: SIMD8<Float>.self)
    let d = absN .> 192
    let scaled = s2.addingProduct(s2, j) * s1
    let plain = k.addingProduct(k, j)
    return plain.replacing(with: scaled, where: c).replacing(with: s1 * s1, where: d)
}

/// SwiGLU's element-wise part as ggml's `ggml_vec_swiglu_f32`: `y = silu(gate)·up`, with `silu(x) = x/(1 + e^−x)`
/// from ``ggmlExp8(_:)`` in groups of 8 and libm's `expf` for the tail. `y` may alias either input.
func ggmlSiLUMultiply(
    gate: UnsafePointer<Float>, up: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        let x = UnsafeRawPointer(gate + i).loadUnaligned(as: SIMD8<Float>.self)
        let g = UnsafeRawPointer(up + i).loadUnaligned(as: SIMD8<Float>.self)
        let silu = x / (1 + ggmlExp8(0 - x))
        UnsafeMutableRawPointer(y + i).storeBytes(of: silu * g, as: SIMD8<Float>.self)
        i += 8
    }
    while i < count {
        y[i] = gate[i] / (1 + expf(-gate[i])) * up[i]
        i += 1
    }
}

/// GeGLU's element-wise part as ggml's `ggml_vec_geglu_f32` (built with `GGML_GELU_FP16`): `y = gelu(gate)·up`,
/// where `gelu` is read from a table indexed by the f16 bit pattern of the input (0 below −10, identity above 10).
/// `y` may alias either input.
func ggmlGELUMultiply(
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
            y[i] = table.value(Float16(x).bitPattern) * up[i]
        }
    }
}

/// ggml's `ggml_table_gelu_f16`: for every f16 bit pattern, `gelu_tanh` of that value computed in f32 and rounded
/// to f16 (`0.5·x·(1 + tanhf(√(2/π)·x·(1 + 0.044715·x²)))`).
final class GELUTable: Sendable {
    /// The table, built once.
    static let shared = GELUTable()

    /// `[65536]` f16 results, widened to f32.
    private let values: [Float]

    private init() {
        var values = [Float](repeating: 0, count: 65536)
        let sqrt2OverPi: Float = 0.797_884_560_802_865_355_879_892_119_868_76
        let coefA: Float = 0.044_715
        for bits in 0..<65536 {
            let x = Float(Float16(bitPattern: UInt16(bits)))
            guard x.isFinite else {
                values[bits] = x
                continue
            }
            let poly = fmaf(coefA * x, x, 1)
            let gelu = 0.5 * x * (1 + tanhf(sqrt2OverPi * x * poly))
            values[bits] = Float(Float16(gelu))
        }
        self.values = values
    }

    /// The table entry for an f16 bit pattern.
    @inline(__always)
    func value(_ bits: UInt16) -> Float {
        values.withUnsafeBufferPointer { $0[Int(bits)] }
    }
}

/// A dot product of two f32 rows in ggml's AVX2 summation order (`ggml_vec_dot_f16` / `ggml_vec_dot_f32`): four
/// 8-lane FMA accumulators over steps of 32 elements, reduced `(s0+s2)+(s1+s3)`, then the 8 lanes as
/// `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`; leftover elements are added one by one in double.
@inline(__always)
func ggmlDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let steps = count & ~31
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i < steps {
        s0.addProduct(load8(a, i), load8(b, i))
        s1.addProduct(load8(a, i + 8), load8(b, i + 8))
        s2.addProduct(load8(a, i + 16), load8(b, i + 16))
        s3.addProduct(load8(a, i + 24), load8(b, i + 24))
        i += 32
    }
    let t = (s0 + s2) + (s1 + s3)
    let t0 = t.lowHalf + t.highHalf
    var sum = Double((t0[0] + t0[1]) + (t0[2] + t0[3]))
    while i < count {
        sum += Double(a[i] * b[i])
        i += 1
    }
    return Float(sum)
}

/// ``ggmlDot(_:_:count:)`` of an f16 row (bit patterns) with an f32 row.
@inline(__always)
func ggmlDot(half a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let steps = count & ~31
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i < steps {
        s0.addProduct(loadHalf8(a, i), load8(b, i))
        s1.addProduct(loadHalf8(a, i + 8), load8(b, i + 8))
        s2.addProduct(loadHalf8(a, i + 16), load8(b, i + 16))
        s3.addProduct(loadHalf8(a, i + 24), load8(b, i + 24))
        i += 32
    }
    let t = (s0 + s2) + (s1 + s3)
    let t0 = t.lowHalf + t.highHalf
    var sum = Double((t0[0] + t0[1]) + (t0[2] + t0[3]))
    while i < count {
        sum += Double(Float(Float16(bitPattern: a[i])) * b[i])
        i += 1
    }
    return Float(sum)
}

/// Eight f16 values (bit patterns) at `p + i`, widened to f32.
@inline(__always)
func loadHalf8(_ p: UnsafePointer<UInt16>, _ i: Int) -> SIMD8<Float> {
    SIMD8<Float>(UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float16>.self))
}

/// Lanes `i ..< i + 8` of `p`.
@inline(__always)
func load8(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
    UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
}
