// The scale searches of ggml's reference K-quant quantizers (ggml-quants.c), used by our reference quantizers so
// synthetic test models get the same kind of blocks a real converter writes. Bit-equality with ggml is not a goal.

/// ggml's `make_qkx2_quants`: finds a scale and a (non-positive) min for `n` values so that
/// `x ≈ scale·L − min`, `L ∈ 0...nmax`, weighted by `weights`. Writes `L` and returns `(scale, min)` where `min ≥ 0` is
/// the amount subtracted.
func makeQKX2Quants(
    _ n: Int, _ nmax: Int32, _ x: UnsafePointer<Float>, _ weights: UnsafePointer<Float>,
    _ levels: UnsafeMutablePointer<UInt8>, rmin: Float, rdelta: Float, steps: Int
) -> (scale: Float, min: Float) {
    var lo = x[0], hi = x[0]
    var sumW = weights[0]
    var sumX = sumW * x[0]
    for i in 1..<n {
        if x[i] < lo { lo = x[i] }
        if x[i] > hi { hi = x[i] }
        sumW += weights[i]
        sumX += weights[i] * x[i]
    }
    if lo > 0 { lo = 0 }
    if hi == lo {
        for i in 0..<n { levels[i] = 0 }
        return (0, -lo)
    }
    var iscale = Float(nmax) / (hi - lo)
    var scale = 1 / iscale
    var bestError: Float = 0
    for i in 0..<n {
        let l = Swift.max(0, Swift.min(nmax, nearestInt(iscale * (x[i] - lo))))
        levels[i] = UInt8(l)
        let diff = scale * Float(l) + lo - x[i]
        bestError += weights[i] * diff * diff
    }
    var aux = [UInt8](repeating: 0, count: n)
    for step in 0...steps {
        iscale = (rmin + rdelta * Float(step) + Float(nmax)) / (hi - lo)
        var sumL: Float = 0, sumL2: Float = 0, sumXL: Float = 0
        for i in 0..<n {
            let l = Swift.max(0, Swift.min(nmax, nearestInt(iscale * (x[i] - lo))))
            aux[i] = UInt8(l)
            let w = weights[i]
            sumL += w * Float(l)
            sumL2 += w * Float(l) * Float(l)
            sumXL += w * Float(l) * x[i]
        }
        let det = sumW * sumL2 - sumL * sumL
        guard det > 0 else { continue }
        var thisScale = (sumW * sumXL - sumX * sumL) / det
        var thisMin = (sumL2 * sumX - sumL * sumXL) / det
        if thisMin > 0 {
            thisMin = 0
            thisScale = sumXL / sumL2
        }
        var error: Float = 0
        for i in 0..<n {
            let diff = thisScale * Float(aux[i]) + thisMin - x[i]
            error += weights[i] * diff * diff
        }
        if error < bestError {
            for i in 0..<n { levels[i] = aux[i] }
            bestError = error
            scale = thisScale
            lo = thisMin
        }
    }
    return (scale, -lo)
}

/// ggml's `make_qx_quants` with `rmse_type = 1` (weights x²): a signed scale for `n` values so that
/// `x ≈ scale·(L − nmax)`, `L ∈ 0..<2·nmax`. Writes `L` and returns the scale.
func makeQXQuants(
    _ n: Int, _ nmax: Int32, _ x: UnsafePointer<Float>, _ levels: UnsafeMutablePointer<Int8>
) -> Float {
    var max: Float = 0, amax: Float = 0
    for i in 0..<n where abs(x[i]) > amax {
        amax = abs(x[i])
        max = x[i]
    }
    if amax < 1e-15 {
        for i in 0..<n { levels[i] = 0 }
        return 0
    }
    var iscale = -Float(nmax) / max
    var sumLX: Float = 0, sumL2: Float = 0
    for i in 0..<n {
        let l = Swift.max(-nmax, Swift.min(nmax - 1, nearestInt(iscale * x[i])))
        levels[i] = Int8(l + nmax)
        let w = x[i] * x[i]
        sumLX += w * x[i] * Float(l)
        sumL2 += w * Float(l) * Float(l)
    }
    var scale: Float = sumL2 != 0 ? sumLX / sumL2 : 0
    var best = scale * sumLX
    for step in -9...9 where step != 0 {
        iscale = -(Float(nmax) + 0.1 * Float(step)) / max
        sumLX = 0
        sumL2 = 0
        for i in 0..<n {
            let l = Swift.max(-nmax, Swift.min(nmax - 1, nearestInt(iscale * x[i])))
            let w = x[i] * x[i]
            sumLX += w * x[i] * Float(l)
            sumL2 += w * Float(l) * Float(l)
        }
        if sumL2 > 0 && sumLX * sumLX > best * sumL2 {
            for i in 0..<n {
                levels[i] = Int8(Swift.max(-nmax, Swift.min(nmax - 1, nearestInt(iscale * x[i]))) + nmax)
            }
            scale = sumLX / sumL2
            best = scale * sumLX
        }
    }
    return scale
}

/// Quantizes one 256-element block's 8 sub-block (scale, min) pairs to 6 bits and packs them into the 12 scale bytes
/// of a Q4_K/Q5_K block at `scales`; returns the block's `d` and `dmin` (as stored f16 values widened).
func packScalesK4(
    _ scales: [Float], _ mins: [Float], into bytes: UnsafeMutableRawPointer, block: UnsafeMutableRawPointer
) -> (d: Float, dmin: Float) {
    var maxScale: Float = 0, maxMin: Float = 0
    for j in 0..<8 {
        if scales[j] > maxScale { maxScale = scales[j] }
        if mins[j] > maxMin { maxMin = mins[j] }
    }
    let invScale: Float = maxScale > 0 ? 63 / maxScale : 0
    let invMin: Float = maxMin > 0 ? 63 / maxMin : 0
    var packed = [UInt8](repeating: 0, count: 12)
    for j in 0..<8 {
        let ls = UInt8(Swift.min(63, nearestInt(invScale * scales[j])))
        let lm = UInt8(Swift.min(63, nearestInt(invMin * mins[j])))
        if j < 4 {
            packed[j] = ls
            packed[j + 4] = lm
        } else {
            packed[j + 4] = (ls & 0x0F) | ((lm & 0x0F) << 4)
            packed[j - 4] |= (ls >> 4) << 6
            packed[j] |= (lm >> 4) << 6
        }
    }
    for i in 0..<12 { bytes.storeBytes(of: packed[i], toByteOffset: i, as: UInt8.self) }
    storeHalf(maxScale / 63, block)
    storeHalf(maxMin / 63, block, 2)
    return (loadHalf(block), loadHalf(block, 2))
}

/// The ggml K-quant sub-block weights: `av_x + |x|` with `av_x = sqrt(mean(x²))` over the 32 values.
func subBlockWeights(_ x: UnsafePointer<Float>) -> [Float] {
    var sumX2: Float = 0
    for l in 0..<32 { sumX2 += x[l] * x[l] }
    let av = (sumX2 / 32).squareRoot()
    return (0..<32).map { av + abs(x[$0]) }
}
