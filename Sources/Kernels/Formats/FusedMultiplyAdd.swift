// `self + a·b` as the engine's kernels use it: one fused multiply-add (one rounding, as ggml's kernels on FMA CPUs and
// llama.cpp's numbers) wherever the target has FMA: the x86 engine (compiled for Haswell) and arm64. Baseline x86-64
// (the portable engine built on an x86-64 host, `SWIFTLET_BASELINE_X86`, set by Package.swift) has no FMA, and there
// `addingProduct` is a call to `fmaf` per lane (24% of a portable SmolLM2 prefill under `perf`); there it goes through
// f64 instead (``softFusedMultiplyAdd(_:_:_:)-(Float,Float,Float)``). FusedMultiplyAddTests hold that to the hardware
// fma.

extension Float {
    /// `self + a·b`: fused (one rounding) where the target has FMA; through f64 on baseline x86-64.
    @inlinable @inline(__always)
    public func plusProduct(_ a: Float, _ b: Float) -> Float {
        #if SWIFTLET_BASELINE_X86
        softFusedMultiplyAdd(self, a, b)
        #else
        addingProduct(a, b)
        #endif
    }
}

extension SIMD8 where Scalar == Float {
    /// `self + a·b` lane by lane: fused where the target has FMA; through f64 on baseline x86-64.
    @inlinable @inline(__always)
    public func plusProduct(_ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
        #if SWIFTLET_BASELINE_X86
        softFusedMultiplyAdd(self, a, b)
        #else
        addingProduct(a, b)
        #endif
    }

    /// `self + a·b` with one `b` for every lane (the standard library's scalar form broadcasts `b` the same way).
    @inlinable @inline(__always)
    public func plusProduct(_ a: SIMD8<Float>, _ b: Float) -> SIMD8<Float> { plusProduct(a, SIMD8(repeating: b)) }

    /// `self = self + a·b` lane by lane, fused where the target has FMA.
    @inlinable @inline(__always)
    public mutating func formPlusProduct(_ a: SIMD8<Float>, _ b: SIMD8<Float>) { self = plusProduct(a, b) }

    /// `self = self + a·b` with one `b` for every lane.
    @inlinable @inline(__always)
    public mutating func formPlusProduct(_ a: SIMD8<Float>, _ b: Float) { self = plusProduct(a, b) }
}

extension SIMD4 where Scalar == Float {
    /// `self + a·b` lane by lane: fused where the target has FMA; through f64 on baseline x86-64.
    @inlinable @inline(__always)
    public func plusProduct(_ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
        #if SWIFTLET_BASELINE_X86
        softFusedMultiplyAdd(self, a, b)
        #else
        addingProduct(a, b)
        #endif
    }

    /// `self + a·b` with one `b` for every lane (the standard library's scalar form broadcasts `b` the same way).
    @inlinable @inline(__always)
    public func plusProduct(_ a: SIMD4<Float>, _ b: Float) -> SIMD4<Float> { plusProduct(a, SIMD4(repeating: b)) }
}

// MARK: - Soft fused multiply-add (every target compiles it; only baseline x86-64 runs it)

/// `c + a·b` through f64: the product of two f32 values is exact in f64 (48 significant bits), so the only roundings
/// are the f64 sum's and the final f32 one. That is the fused result except where the f64 sum lands exactly halfway
/// between two f32 values after its own rounding (double rounding; then one ulp off, rarely: FusedMultiplyAddTests
/// counts it). A multiply then an add in f32 (ggml's choice without FMA) was tried and dropped: with the kernels' fused
/// steps unfused, the greedy-parity fixtures drifted 0.2–0.76 in log-probability from llama.cpp's (every case of both
/// models failed `SwiftletParity`; which steps matter most was not bisected), where this form passes them all.
@inlinable @inline(__always)
public func softFusedMultiplyAdd(_ c: Float, _ a: Float, _ b: Float) -> Float {
    Float(Double(c) + Double(a) * Double(b))
}

/// ``softFusedMultiplyAdd(_:_:_:)-(Float,Float,Float)`` for four lanes (two f64 vectors on baseline x86-64).
@inlinable @inline(__always)
public func softFusedMultiplyAdd(_ c: SIMD4<Float>, _ a: SIMD4<Float>, _ b: SIMD4<Float>) -> SIMD4<Float> {
    narrow(widen(c) + widen(a) * widen(b))
}

/// ``softFusedMultiplyAdd(_:_:_:)-(Float,Float,Float)`` for eight lanes.
@inlinable @inline(__always)
public func softFusedMultiplyAdd(_ c: SIMD8<Float>, _ a: SIMD8<Float>, _ b: SIMD8<Float>) -> SIMD8<Float> {
    SIMD8(lowHalf: softFusedMultiplyAdd(c.lowHalf, a.lowHalf, b.lowHalf),
        highHalf: softFusedMultiplyAdd(c.highHalf, a.highHalf, b.highHalf))
}

/// Four f32 lanes as f64 (exact), spelled lane by lane (see `floats(_:)`).
@inlinable @inline(__always)
func widen(_ v: SIMD4<Float>) -> SIMD4<Double> { SIMD4(Double(v[0]), Double(v[1]), Double(v[2]), Double(v[3])) }

/// Four f64 lanes rounded to f32, spelled lane by lane.
@inlinable @inline(__always)
func narrow(_ v: SIMD4<Double>) -> SIMD4<Float> { SIMD4(Float(v[0]), Float(v[1]), Float(v[2]), Float(v[3])) }
