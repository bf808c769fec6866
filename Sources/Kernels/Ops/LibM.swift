// The C math library's single-precision functions (the ones ggml calls), under Swift names.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `expf`.
@inline(__always) func expF(_ x: Float) -> Float { expf(x) }
/// `cosf`.
@inline(__always) func cosF(_ x: Float) -> Float { cosf(x) }
/// `sinf`.
@inline(__always) func sinF(_ x: Float) -> Float { sinf(x) }
/// `powf`.
@inline(__always) func powF(_ x: Float, _ y: Float) -> Float { powf(x, y) }
/// `tanhf`.
@inline(__always) func tanhF(_ x: Float) -> Float { tanhf(x) }
/// Double-precision `exp`, `cos`, `sin`, `pow`, `tanh` for the reference twins.
@inline(__always) func expD(_ x: Double) -> Double { exp(x) }
@inline(__always) func cosD(_ x: Double) -> Double { cos(x) }
@inline(__always) func sinD(_ x: Double) -> Double { sin(x) }
@inline(__always) func powD(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) func tanhD(_ x: Double) -> Double { tanh(x) }
