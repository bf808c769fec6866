/// RMSNorm: `y = x · 1/sqrt(mean(x²) + eps) · w` over `count` elements (`w` omitted: no weight).
/// `y` may be `x`. Gemma's stored norm weights already include the `+1` (ENGINE.md §1.7); pass them as they are.
public func rmsNorm(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, count: Int, epsilon: Float,
    into y: UnsafeMutablePointer<Float>
) {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
    var i = 0
    while i + 16 <= count {
        let a = load8(x, i), b = load8(x, i + 8)
        s0.addProduct(a, a)
        s1.addProduct(b, b)
        i += 16
    }
    var sum = horizontalSum(s0 + s1)
    while i < count {
        sum += x[i] * x[i]
        i += 1
    }
    let scale = 1 / (sum / Float(count) + epsilon).squareRoot()
    i = 0
    if let weight {
        while i + 8 <= count {
            store8(load8(x, i) * scale * load8(weight, i), y, i)
            i += 8
        }
        while i < count {
            y[i] = x[i] * scale * weight[i]
            i += 1
        }
    } else {
        while i + 8 <= count {
            store8(load8(x, i) * scale, y, i)
            i += 8
        }
        while i < count {
            y[i] = x[i] * scale
            i += 1
        }
    }
}

/// RMSNorm of `rows` consecutive vectors of `count` elements each (e.g. every head of Q for qwen3/gemma3 q-norm),
/// all with the same weight.
public func rmsNormRows(
    _ x: UnsafePointer<Float>, weight: UnsafePointer<Float>?, rows: Int, count: Int, epsilon: Float,
    into y: UnsafeMutablePointer<Float>
) {
    for r in 0..<rows {
        rmsNorm(x + r * count, weight: weight, count: count, epsilon: epsilon, into: y + r * count)
    }
}
