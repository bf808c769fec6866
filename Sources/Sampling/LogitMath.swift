internal import Foundation

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

    /// `eˣ` per lane, with a relative error of a few ulp (Cephes-style: round to nearest power of two, degree-6
    /// polynomial on the remainder). Returns exactly 1 at 0, exactly 0 below `expLowerLimit` (including −∞).
    /// Inputs must not be NaN; inputs above `expUpperLimit` are clamped.
    public static func exp(_ x: Vector) -> Vector { expInline(x) }

    /// The body of `exp`, forced inline into the vector loops.
    @_transparent
    static func expInline(_ x: Vector) -> Vector {
        let tooSmall = x .< Vector(repeating: expLowerLimit)
        let v = lanewiseMin(lanewiseMax(x, Vector(repeating: expLowerLimit)), Vector(repeating: expUpperLimit))
        // t = 1.5·2²³ + round(v·log2 e): the low mantissa bits of t hold the rounded integer n.
        let magic: Float = 12_582_912
        let t = v * Vector(repeating: 1.442_695_040_888_963_4) + Vector(repeating: magic)
        let n = t - Vector(repeating: magic)
        // r = v − n·ln 2, in two parts for precision; |r| ≤ ln2 / 2.
        let r = (v - n * Vector(repeating: 0.693_359_375)) - n * Vector(repeating: -2.121_944_4e-4)
        var p = Vector(repeating: 1.987_569_1e-4)
        p = p * r + Vector(repeating: 1.398_199_9e-3)
        p = p * r + Vector(repeating: 8.333_452e-3)
        p = p * r + Vector(repeating: 4.166_579_6e-2)
        p = p * r + Vector(repeating: 1.666_666_5e-1)
        p = p * r + Vector(repeating: 5.000_000_1e-1)
        let y = p * (r * r) + r + Vector(repeating: 1)
        // 2ⁿ built from its bits: (n + 127) << 23.
        let bits = (unsafeBitCast(t, to: IntVector.self) &- IntVector(repeating: 0x4B40_0000) &+ 127) &<< 23
        let scale = unsafeBitCast(bits, to: Vector.self)
        return (y * scale).replacing(with: 0, where: tooSmall)
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
