// Whole-vocabulary scans that let the sampler find its candidates without sorting or copying the vocabulary:
// how much probability mass lies above a few weight levels, how many logits lie above a few thresholds, and a
// direct inverse-CDF draw over all tokens.
extension LogitMath {
    /// The scaled-logit levels `ℓ` of `weightLevels`: a token is above level k when `(x − max) / T ≥ ℓₖ`, i.e. its
    /// weight is at least `e^ℓₖ` times the best token's. Sorted from tight to loose.
    @inline(__always) public static var weightLevelExponents: SIMD8<Float> { [-1, -2, -3, -4, -6, -8, -11, -15] }

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
        let loosest = Vector(repeating: levels[7])
        let levelsWide = SIMD8<Double>(levels)
        var mass = SIMD8<Double>()
        var total: Double = 0
        var acc = Vector()
        var inBlock = 0
        var i = 0
        while i < n {
            let lanes = Swift.min(width, n - i)
            let x = lanes == width ? load(p, i) : loadTail(p, i, lanes, fill: -.infinity)
            let a = (x - off) * sc
            let e = expInline(a)
            acc += e
            if LogitMath.anyLane(a .>= loosest) {
                for j in 0..<width where a[j] >= levels[7] {
                    mass += SIMD8<Double>(repeating: Double(e[j])).replacing(with: 0, where: levelsWide .> Double(a[j]))
                }
            }
            i += lanes
            inBlock += 1
            if inBlock == 32 {
                addLanes(acc, to: &total)
                acc = Vector()
                inBlock = 0
            }
        }
        addLanes(acc, to: &total)
        return (total, mass)
    }

    /// The logit distances `d` of `countAbove`, sorted from tight to loose.
    @inline(__always) public static var countDistances: SIMD8<Float> { [1, 2, 4, 6, 8, 12, 16, 24] }

    /// For each distance k of `countDistances`, how many logits are ≥ `max − dₖ`.
    /// - Parameter logits: `[vocabularySize]`, no NaN.
    public static func countAbove(_ logits: UnsafeBufferPointer<Float>, max: Float) -> SIMD8<Int32> {
        guard let p = logits.baseAddress else { return SIMD8() }
        let n = logits.count
        let thresholds = Vector(repeating: max) - countDistances
        let loosest = Vector(repeating: thresholds[7])
        var counts = SIMD8<Int32>()
        var i = 0
        while i + width <= n {
            let x = load(p, i)
            if LogitMath.anyLane(x .>= loosest) {
                for j in 0..<width where x[j] >= thresholds[7] {
                    counts &-= unsafeBitCast(thresholds .<= Vector(repeating: x[j]), to: SIMD8<Int32>.self)
                }
            }
            i += width
        }
        while i < n {
            let x = p[i]
            if x >= thresholds[7] { counts &-= unsafeBitCast(thresholds .<= Vector(repeating: x), to: SIMD8<Int32>.self) }
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
