// Whole-vocabulary scans that let the sampler find its candidates without sorting or copying the vocabulary:
// how much probability mass lies above a few weight levels, how many logits lie above a few thresholds, and a
// direct inverse-CDF draw over all tokens.
extension LogitMath {
    /// The scaled-logit levels `ℓ` of `weightLevels`: a token is above level k when `(x − max) / T ≥ ℓₖ`, i.e. its
    /// weight is at least `e^ℓₖ` times the best token's. Sorted from tight to loose.
    @inline(__always) public static var weightLevelExponents: SIMD8<Float> { [-1, -2, -3, -4, -5, -7, -9, -12] }

    /// One pass computing `total = Σ expInline((xᵢ − max) · invTemperature)` and, for each level k of
    /// `weightLevelExponents`, the part of that sum coming from tokens above the level.
    /// - Parameters:
    ///   - logits: `[vocabularySize]`, no NaN; `max` is their (finite) maximum.
    /// - Returns: the total and the eight level masses, all in `Double`.
    public static func weightLevels(
        _ logits: UnsafeBufferPointer<Float>, max: Float, invTemperature: Float
    ) -> (total: Double, massAbove: SIMD8<Double>) {
        guard let p = logits.baseAddress else { return (0, SIMD8()) }
        let n = logits.count
        let off = Vector(repeating: max)
        let sc = Vector(repeating: invTemperature)
        let levels = weightLevelExponents
        let (l0, l1, l2, l3) = (Vector(repeating: levels[0]), Vector(repeating: levels[1]),
                                Vector(repeating: levels[2]), Vector(repeating: levels[3]))
        let (l4, l5, l6, l7) = (Vector(repeating: levels[4]), Vector(repeating: levels[5]),
                                Vector(repeating: levels[6]), Vector(repeating: levels[7]))
        let zero = Vector()
        // Per-level lane accumulators, flushed to Double every block.
        var (m0, m1, m2, m3, m4, m5, m6, m7) = (zero, zero, zero, zero, zero, zero, zero, zero)
        var mass = SIMD8<Double>()
        var total: Double = 0
        var acc = zero
        var inBlock = 0

        func flush() {
            addLanes(acc, to: &total)
            mass += SIMD8<Double>(
                Double(m0.sum()), Double(m1.sum()), Double(m2.sum()), Double(m3.sum()),
                Double(m4.sum()), Double(m5.sum()), Double(m6.sum()), Double(m7.sum()))
            (m0, m1, m2, m3, m4, m5, m6, m7) = (zero, zero, zero, zero, zero, zero, zero, zero)
            acc = zero
            inBlock = 0
        }

        var i = 0
        while i < n {
            let lanes = Swift.min(width, n - i)
            let x = lanes == width ? load(p, i) : loadTail(p, i, lanes, fill: -.infinity)
            let a = (x - off) * sc
            let e = expInline(a)
            acc += e
            if anyLane(a .>= l7) {
                m0 += e.replacing(with: 0, where: a .< l0)
                m1 += e.replacing(with: 0, where: a .< l1)
                m2 += e.replacing(with: 0, where: a .< l2)
                m3 += e.replacing(with: 0, where: a .< l3)
                m4 += e.replacing(with: 0, where: a .< l4)
                m5 += e.replacing(with: 0, where: a .< l5)
                m6 += e.replacing(with: 0, where: a .< l6)
                m7 += e.replacing(with: 0, where: a .< l7)
            }
            i += lanes
            inBlock += 1
            if inBlock == 32 { flush() }
        }
        flush()
        return (total, mass)
    }

    /// The logit distances `d` of `countAbove`, sorted from tight to loose.
    @inline(__always) public static var countDistances: SIMD8<Float> { [1, 2, 4, 6, 8, 12, 16, 24] }

    /// For each distance k of `countDistances`, how many logits are ≥ `max − dₖ`.
    /// - Parameter logits: `[vocabularySize]`, no NaN.
    public static func countAbove(_ logits: UnsafeBufferPointer<Float>, max: Float) -> SIMD8<Int32> {
        guard let p = logits.baseAddress else { return SIMD8() }
        let n = logits.count
        let t = Vector(repeating: max) - countDistances
        let (t0, t1, t2, t3) = (Vector(repeating: t[0]), Vector(repeating: t[1]),
                                Vector(repeating: t[2]), Vector(repeating: t[3]))
        let (t4, t5, t6, t7) = (Vector(repeating: t[4]), Vector(repeating: t[5]),
                                Vector(repeating: t[6]), Vector(repeating: t[7]))
        let zero = IntVector()
        // Per-threshold lane counters: a true comparison lane is −1, so subtracting it counts.
        var (c0, c1, c2, c3, c4, c5, c6, c7) = (zero, zero, zero, zero, zero, zero, zero, zero)
        @inline(__always) func bits(_ m: SIMDMask<IntVector>) -> IntVector { unsafeBitCast(m, to: IntVector.self) }
        var i = 0
        while i + width <= n {
            let x = load(p, i)
            if anyLane(x .>= t7) {
                c0 &-= bits(x .>= t0)
                c1 &-= bits(x .>= t1)
                c2 &-= bits(x .>= t2)
                c3 &-= bits(x .>= t3)
                c4 &-= bits(x .>= t4)
                c5 &-= bits(x .>= t5)
                c6 &-= bits(x .>= t6)
                c7 &-= bits(x .>= t7)
            }
            i += width
        }
        var counts = SIMD8(
            c0.wrappedSum(), c1.wrappedSum(), c2.wrappedSum(), c3.wrappedSum(),
            c4.wrappedSum(), c5.wrappedSum(), c6.wrappedSum(), c7.wrappedSum())
        while i < n {
            counts &-= bits(t .<= Vector(repeating: p[i]))
            i += 1
        }
        return counts
    }

    /// The inverse CDF over all tokens in id order: the first index whose running sum of
    /// `expInline((xᵢ − max) · invTemperature)` exceeds `target`; when rounding leaves the target unreached, the last
    /// index with a non-zero weight. Nil only when no weight is non-zero.
    /// - Parameter logits: `[vocabularySize]`, no NaN; `max` is their (finite) maximum; `target` is
    ///   `u × weightLevels(…).total` for a uniform `u` in [0, 1).
    public static func drawIndex(
        _ logits: UnsafeBufferPointer<Float>, max: Float, invTemperature: Float, target: Double
    ) -> Int? {
        guard let p = logits.baseAddress else { return nil }
        let n = logits.count
        let off = Vector(repeating: max)
        let sc = Vector(repeating: invTemperature)
        var running: Double = 0
        var lastPositive: Int?
        var i = 0
        while i < n {
            let lanes = Swift.min(width, n - i)
            let x = lanes == width ? load(p, i) : loadTail(p, i, lanes, fill: -.infinity)
            let e = expInline((x - off) * sc)
            let s = Double(e.sum())
            if s > 0 {
                if running + s > target {
                    for j in 0..<lanes where e[j] > 0 {
                        running += Double(e[j])
                        lastPositive = i + j
                        if running > target { return i + j }
                    }
                } else {
                    running += s
                    for j in stride(from: lanes - 1, through: 0, by: -1) where e[j] > 0 {
                        lastPositive = i + j
                        break
                    }
                }
            }
            i += lanes
        }
        return lastPositive
    }
}
