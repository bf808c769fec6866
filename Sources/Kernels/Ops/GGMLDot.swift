/// A dot product of two f32 rows in ggml's AVX2 summation order (`ggml_vec_dot_f32`): four 8-lane FMA accumulators
/// over steps of 32 elements, reduced `(s0+s2)+(s1+s3)`, then the 8 lanes as `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`;
/// leftover elements are added one by one in double. Attention's `q·k` with an f32 cache.
///
/// - Parameters:
///   - a: `[count]` floats.
///   - b: `[count]` floats.
@inlinable @inline(__always)
public func ggmlDot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let steps = count & ~31
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i < steps {
        s0.formPlusProduct(load8(a, i), load8(b, i))
        s1.formPlusProduct(load8(a, i + 8), load8(b, i + 8))
        s2.formPlusProduct(load8(a, i + 16), load8(b, i + 16))
        s3.formPlusProduct(load8(a, i + 24), load8(b, i + 24))
        i += 32
    }
    var sum = ggmlReduce(s0, s1, s2, s3)
    while i < count {
        sum += Double(a[i] * b[i])
        i += 1
    }
    return Float(sum)
}

/// ``ggmlDot(_:_:count:)`` of an f16 row (bit patterns) with an f32 row, as `ggml_vec_dot_f16`: attention's `q·k`
/// with an f16 cache.
///
/// - Parameters:
///   - a: `[count]` f16 bit patterns.
///   - b: `[count]` floats.
@inlinable @inline(__always)
public func ggmlDot(half a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, count: Int) -> Float {
    let steps = count & ~31
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
    var i = 0
    while i < steps {
        s0.formPlusProduct(loadHalf8(a, i), load8(b, i))
        s1.formPlusProduct(loadHalf8(a, i + 8), load8(b, i + 8))
        s2.formPlusProduct(loadHalf8(a, i + 16), load8(b, i + 16))
        s3.formPlusProduct(loadHalf8(a, i + 24), load8(b, i + 24))
        i += 32
    }
    return ggmlDotTail(half: a, b, from: steps, count: count, ggmlReduce(s0, s1, s2, s3))
}

/// The rest of ``ggmlDot(half:_:count:)`` after its 32-element steps: `reduced` (the accumulators through
/// ``ggmlReduce(_:_:_:_:)``) plus elements `start ..< count` one by one in double, rounded to f32.
///
/// - Parameters:
///   - a: `[count]` f16 bit patterns.
///   - b: `[count]` floats.
@inlinable @inline(__always)
func ggmlDotTail(
    half a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, from start: Int, count: Int, _ reduced: Double
) -> Float {
    var sum = reduced
    var i = start
    while i < count {
        sum += Double(halfToFloat(a[i]) * b[i])
        i += 1
    }
    return Float(sum)
}

/// ggml's reduction of its four dot-product accumulators: `t = (s0+s2)+(s1+s3)`, then
/// `((t0+t4)+(t1+t5)) + ((t2+t6)+(t3+t7))`, widened to double.
@inlinable @inline(__always)
func ggmlReduce(_ s0: SIMD8<Float>, _ s1: SIMD8<Float>, _ s2: SIMD8<Float>, _ s3: SIMD8<Float>) -> Double {
    let t = (s0 + s2) + (s1 + s3)
    let t0 = t.lowHalf + t.highHalf
    return Double((t0[0] + t0[1]) + (t0[2] + t0[3]))
}

/// ``ggmlDot(half:_:count:)`` of one f16 row against `heads` (1…4) f32 rows, each result bit-identical to the single
/// dot; the f16 row is widened once per 8 elements for all of them (attention heads that share one key row).
///
/// - Parameters:
///   - a: `[count]` f16 bit patterns.
///   - q: `[heads][count]` floats.
/// - Returns: the dots in lanes `0 ..< heads`.
@inlinable @inline(__always)
public func ggmlDots(half a: UnsafePointer<UInt16>, _ q: UnsafePointer<Float>, count: Int, heads: Int) -> SIMD4<Float> {
    let steps = count & ~31
    var lanes = (GGMLDotLanes(), GGMLDotLanes(), GGMLDotLanes(), GGMLDotLanes())
    var i = 0
    while i < steps {
        let k = (loadHalf8(a, i), loadHalf8(a, i + 8), loadHalf8(a, i + 16), loadHalf8(a, i + 24))
        lanes.0.add(q, k, i)
        if heads > 1 { lanes.1.add(q + count, k, i) }
        if heads > 2 { lanes.2.add(q + 2 * count, k, i) }
        if heads > 3 { lanes.3.add(q + 3 * count, k, i) }
        i += 32
    }
    var result = SIMD4<Float>()
    result[0] = ggmlDotTail(half: a, q, from: steps, count: count, lanes.0.reduced)
    if heads > 1 { result[1] = ggmlDotTail(half: a, q + count, from: steps, count: count, lanes.1.reduced) }
    if heads > 2 { result[2] = ggmlDotTail(half: a, q + 2 * count, from: steps, count: count, lanes.2.reduced) }
    if heads > 3 { result[3] = ggmlDotTail(half: a, q + 3 * count, from: steps, count: count, lanes.3.reduced) }
    return result
}

/// The four dot-product accumulators of one row in ``ggmlDots(half:_:count:heads:)``.
@usableFromInline
struct GGMLDotLanes {
    @usableFromInline var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()

    @inlinable @inline(__always)
    init() {}

    /// Adds the 32 elements of `k` times `b[i ..< i + 32]`.
    @inlinable @inline(__always)
    mutating func add(_ b: UnsafePointer<Float>, _ k: (SIMD8<Float>, SIMD8<Float>, SIMD8<Float>, SIMD8<Float>), _ i: Int) {
        s0.formPlusProduct(k.0, load8(b, i))
        s1.formPlusProduct(k.1, load8(b, i + 8))
        s2.formPlusProduct(k.2, load8(b, i + 16))
        s3.formPlusProduct(k.3, load8(b, i + 24))
    }

    /// ``ggmlReduce(_:_:_:_:)`` of the accumulators.
    @inlinable @inline(__always)
    var reduced: Double { ggmlReduce(s0, s1, s2, s3) }
}
