internal import Foundation
internal import Kernels

/// Single-pass, vectorised helpers over a vocabulary-sized logits buffer, each with a plain scalar twin in
/// `LogitMath.Reference` that the tests compare against.
///
/// All functions take `[vocabularySize]` buffers of `Float` logits. None of them allocates.
public enum LogitMath {
    /// Lanes per step of the vector loops (one AVX2 register).
    public typealias Vector = SIMD8<Float>
    /// Integer lanes matching `Vector`.
    typealias IntVector = SIMD8<Int32>
    /// `Vector.scalarCount`.
    @inline(__always) static var width: Int { 8 }

    /// The smallest argument whose `exp` is still a normal `Float`; below it `exp` returns 0.
    @inline(__always) public static var expLowerLimit: Float { -87.33654 }
    /// Arguments above this are clamped to it (the result stays finite).
    @inline(__always) public static var expUpperLimit: Float { 88 }

    /// `eˣ` per lane: Kernels' vector exponential (``Kernels/exp8(_:)``, ggml's `ggml_v_expf`, within 1.45 ulp + 0.5)
    /// on the input clamped to `[expLowerLimit, expUpperLimit]`. Returns exactly 1 at 0, exactly 0 below
    /// `expLowerLimit` (including −∞). Inputs must not be NaN; inputs above `expUpperLimit` are clamped.
    public static func exp(_ x: Vector) -> Vector { expInline(x) }

    /// The body of `exp`, forced inline into the vector loops. The clamp also keeps every argument ≤ 0 (all the sampler
    /// passes) on ``Kernels/exp8(_:)``'s fast path, so masked (−∞) logits cost nothing extra.
    @_transparent
    static func expInline(_ x: Vector) -> Vector {
        let tooSmall = x .< Vector(repeating: expLowerLimit)
        let v = lanewiseMin(lanewiseMax(x, Vector(repeating: expLowerLimit)), Vector(repeating: expUpperLimit))
        return Kernels.exp8(v).replacing(with: 0, where: tooSmall)
    }

    /// `exp` of one value through the vector code (so it is bit-identical to the vector loops' results).
    @inline(__always)
    public static func exp(_ x: Float) -> Float {
        exp(Vector(repeating: x))[0]
    }

    /// Whether any lane of a comparison is true, as one OR of the mask's bits (the standard library's `any` can
    /// become a call to a generic reduction inside hot loops).
    @_transparent
    static func anyLane(_ m: SIMDMask<IntVector>) -> Bool {
        let q = unsafeBitCast(m, to: SIMD4<UInt64>.self)
        return (q[0] | q[1] | q[2] | q[3]) != 0
    }

    /// Lane-wise maximum as compare + blend. (The standard library's `pointwiseMax` handles NaN lane by lane and
    /// does not vectorise.) Inputs must not be NaN.
    @inline(__always)
    static func lanewiseMax(_ a: Vector, _ b: Vector) -> Vector { a.replacing(with: b, where: b .> a) }

    /// Lane-wise minimum as compare + blend. Inputs must not be NaN.
    @inline(__always)
    static func lanewiseMin(_ a: Vector, _ b: Vector) -> Vector { a.replacing(with: b, where: b .< a) }

    /// The largest lane. Inputs must not be NaN.
    @inline(__always)
    static func horizontalMax(_ v: Vector) -> Float {
        let a = v.lowHalf.replacing(with: v.highHalf, where: v.highHalf .> v.lowHalf)
        let b = a.lowHalf.replacing(with: a.highHalf, where: a.highHalf .> a.lowHalf)
        return Swift.max(b[0], b[1])
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> Vector {
        UnsafeRawPointer(p + i).loadUnaligned(as: Vector.self)
    }

    @inline(__always)
    static func store(_ v: Vector, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: Vector.self)
    }

    /// Adds the lanes of `v` to `total` one by one in `Double`, so a lane holding a large value does not swallow
    /// the small ones of the other lanes.
    @inline(__always)
    static func addLanes(_ v: Vector, to total: inout Double) {
        for j in 0..<width { total += Double(v[j]) }
    }

    /// A vector of the `count` (< width) values at `p + i`, padded with `fill`.
    @inline(__always)
    static func loadTail(_ p: UnsafePointer<Float>, _ i: Int, _ count: Int, fill: Float) -> Vector {
        var v = Vector(repeating: fill)
        for j in 0..<count { v[j] = p[i + j] }
        return v
    }

    /// Replaces every NaN by −∞ and returns the maximum. If some logit is +∞, the distribution is the uniform one
    /// over the +∞ logits (the limit of softmax), so those become 0 and every other logit −∞; the result is then 0.
    /// Returns −∞ when every logit is −∞ or NaN (or the buffer is empty).
    public static func sanitizeAndMax(_ logits: UnsafeMutableBufferPointer<Float>) -> Float {
        guard let p = logits.baseAddress else { return -.infinity }
        let n = logits.count
        var m = Vector(repeating: -.infinity)
        var i = 0
        while i + width <= n {
            var v = load(p, i)
            let nan = v .!= v
            if anyLane(nan) {
                v.replace(with: -.infinity, where: nan)
                store(v, p, i)
            }
            m = lanewiseMax(m, v)
            i += width
        }
        var best = horizontalMax(m)
        while i < n {
            if p[i].isNaN { p[i] = -.infinity }
            best = Swift.max(best, p[i])
            i += 1
        }
        if best == .infinity {
            for j in 0..<n { p[j] = p[j] == .infinity ? 0 : -.infinity }
            best = 0
        }
        return best
    }

    /// The largest value (−∞ for an empty buffer). Inputs must not be NaN.
    public static func maximum(_ logits: UnsafeBufferPointer<Float>) -> Float {
        guard let p = logits.baseAddress else { return -.infinity }
        let n = logits.count
        var m = Vector(repeating: -.infinity)
        var i = 0
        while i + width <= n {
            m = lanewiseMax(m, load(p, i))
            i += width
        }
        var best = horizontalMax(m)
        while i < n {
            best = Swift.max(best, p[i])
            i += 1
        }
        return best
    }

    /// The smallest value (+∞ for an empty buffer). Inputs must not be NaN.
    public static func minimum(_ logits: UnsafeBufferPointer<Float>) -> Float {
        guard let p = logits.baseAddress else { return .infinity }
        let n = logits.count
        var m = Vector(repeating: .infinity)
        var i = 0
        while i + width <= n {
            m = lanewiseMin(m, load(p, i))
            i += width
        }
        var best = -horizontalMax(-m)
        while i < n {
            best = Swift.min(best, p[i])
            i += 1
        }
        return best
    }

    /// The first index holding exactly `value`, or nil.
    public static func firstIndex(of value: Float, in logits: UnsafeBufferPointer<Float>) -> Int? {
        guard let p = logits.baseAddress else { return nil }
        let n = logits.count
        let target = Vector(repeating: value)
        var i = 0
        while i + width <= n {
            if anyLane(load(p, i) .== target) {
                for j in i..<(i + width) where p[j] == value { return j }
            }
            i += width
        }
        while i < n {
            if p[i] == value { return i }
            i += 1
        }
        return nil
    }

    /// `Σ expInline((xᵢ − offset) · scale)` over the buffer, with `exp` as above. Each block of 256 values is summed in
    /// `Float` lanes, the lanes of each block in `Double`. Inputs must not be NaN; `offset` should be the maximum.
    public static func sumExp(_ logits: UnsafeBufferPointer<Float>, offset: Float, scale: Float) -> Double {
        guard let p = logits.baseAddress else { return 0 }
        let n = logits.count
        let off = Vector(repeating: offset)
        let sc = Vector(repeating: scale)
        var total: Double = 0
        var i = 0
        let block = 32 * width
        while i + width <= n {
            var acc = Vector()
            let end = Swift.min(n - width, i + block - width)
            while i <= end {
                acc += expInline((load(p, i) - off) * sc)
                i += width
            }
            addLanes(acc, to: &total)
        }
        if i < n {
            let v = loadTail(p, i, n - i, fill: -.infinity)
            addLanes(expInline((v - off) * sc), to: &total)
        }
        return total
    }

    /// `log Σ exp(xᵢ)` given the buffer's maximum `max` (from `sanitizeAndMax`); −∞ when `max` is −∞.
    public static func logSumExp(_ logits: UnsafeBufferPointer<Float>, max: Float) -> Float {
        guard max > -.infinity else { return -.infinity }
        return max + Float(Foundation.log(sumExp(logits, offset: max, scale: 1)))
    }
}
