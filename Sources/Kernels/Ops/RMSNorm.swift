#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// RMSNorm as ggml's CPU backend computes it (`ggml_compute_forward_rms_norm_f32` followed by the weight multiply):
/// `Σ x²` in double over f32 squares, `scale = 1/sqrtf(mean + eps)` in f32, then `y = (x·scale)·w`. The same f32
/// arithmetic as llama.cpp, which greedy parity depends on. `y` may be `x`. Gemma's stored norm weights already
/// include the `+1`; pass them as they are.
///
/// - Parameters:
///   - x: `[count]` floats.
///   - weight: `[count]` floats, or `nil` for no weight.
///   - y: `[count]` floats.
public func ggmlRMSNorm(
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
