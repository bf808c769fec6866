/// In-place softmax over `count` floats: `x_i ← e^(x_i − max) / Σ e^(x_j − max)` in f32. `−∞` entries become 0.
/// Returns the sum of the exponentials before normalizing (useful for log-probabilities: `log p_i = x_i − max − log sum`).
@discardableResult
public func softmax(_ x: UnsafeMutablePointer<Float>, count: Int) -> Float {
    guard count > 0 else { return 0 }
    let peak = maximum(UnsafePointer(x), count: count)
    var sums = SIMD8<Float>()
    var i = 0
    while i + 8 <= count {
        let e = exp8(load8(x, i) - peak)
        store8(e, x, i)
        sums += e
        i += 8
    }
    var sum = horizontalSum(sums)
    while i < count {
        let e = expF(x[i] - peak)
        x[i] = e
        sum += e
        i += 1
    }
    let inverse = 1 / sum
    i = 0
    while i + 8 <= count {
        store8(load8(x, i) * inverse, x, i)
        i += 8
    }
    while i < count {
        x[i] *= inverse
        i += 1
    }
    return sum
}

/// The largest of `count` floats (`−∞` for none).
public func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var m = SIMD8<Float>(repeating: -.infinity)
    var i = 0
    while i + 8 <= count {
        m = maximum(m, load8(x, i))
        i += 8
    }
    var peak = horizontalMax(m)
    while i < count {
        if x[i] > peak { peak = x[i] }
        i += 1
    }
    return peak
}
