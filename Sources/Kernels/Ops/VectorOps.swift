/// `y = a + b` over `count` floats. `y` may alias either input.
public func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 8 <= count {
        store8(load8(a, i) + load8(b, i), y, i)
        i += 8
    }
    while i < count {
        y[i] = a[i] + b[i]
        i += 1
    }
}

/// `y = a ⊙ b` over `count` floats. `y` may alias either input.
public func multiply(
    _ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<Float>
) {
    var i = 0
    while i + 8 <= count {
        store8(load8(a, i) * load8(b, i), y, i)
        i += 8
    }
    while i < count {
        y[i] = a[i] * b[i]
        i += 1
    }
}

/// `y = s · x` over `count` floats. `y` may be `x`.
public func scale(_ x: UnsafePointer<Float>, by s: Float, count: Int, into y: UnsafeMutablePointer<Float>) {
    var i = 0
    while i + 8 <= count {
        store8(load8(x, i) * s, y, i)
        i += 8
    }
    while i < count {
        y[i] = x[i] * s
        i += 1
    }
}

/// Converts `count` floats to IEEE half bit patterns (round to nearest even, as F16C), e.g. into an f16 KV cache.
public func convertToHalf(_ x: UnsafePointer<Float>, count: Int, into y: UnsafeMutablePointer<UInt16>) {
    var i = 0
    while i + 8 <= count {
        UnsafeMutableRawPointer(y + i).storeBytes(of: floatToHalf(load8(x, i)), as: SIMD8<UInt16>.self)
        i += 8
    }
    while i < count {
        y[i] = floatToHalf(x[i])
        i += 1
    }
}

/// Converts `count` IEEE half bit patterns to floats.
public func convertFromHalf(_ x: UnsafePointer<UInt16>, count: Int, into y: UnsafeMutablePointer<Float>) {
    BlockF16.dequantize(UnsafeRawPointer(x), count: count, into: y)
}
