/// One query head attending over `positions` cached f16 keys and values of one KV head:
/// `output = softmax(scale · q·Kᵀ) · V`.
///
/// - Parameters:
///   - query: `[headDimension]` floats.
///   - keys: `[positions][kvStride]` f16 bit patterns; the first `headDimension` of each row are this head's key.
///   - values: `[positions][kvStride]` f16 bit patterns, likewise.
///   - scores: `[positions]` floats of scratch; holds the attention weights afterwards.
///   - output: `[headDimension]` floats.
/// Masking is by `positions` (causal up to the current token); for a sliding window, pass the window's first row.
public func attention(
    query: UnsafePointer<Float>, keys: UnsafePointer<UInt16>, values: UnsafePointer<UInt16>, positions: Int,
    headDimension: Int, kvStride: Int, scale: Float, scores: UnsafeMutablePointer<Float>,
    output: UnsafeMutablePointer<Float>
) {
    let vectorEnd = headDimension / 8 * 8
    for p in 0..<positions {
        let k = UnsafeRawPointer(keys + p * kvStride)
        var acc = SIMD8<Float>()
        var d = 0
        while d < vectorEnd {
            acc.addProduct(load8(query, d), SIMD8<Float>(k.loadUnaligned(fromByteOffset: 2 * d, as: SIMD8<Float16>.self)))
            d += 8
        }
        var s = horizontalSum(acc)
        while d < headDimension {
            s += query[d] * loadHalf(k, 2 * d)
            d += 1
        }
        scores[p] = s * scale
    }
    softmax(scores, count: positions)
    for d in 0..<headDimension { output[d] = 0 }
    for p in 0..<positions {
        let v = UnsafeRawPointer(values + p * kvStride)
        let weight = scores[p]
        var d = 0
        while d < vectorEnd {
            let x = SIMD8<Float>(v.loadUnaligned(fromByteOffset: 2 * d, as: SIMD8<Float16>.self))
            store8(load8(output, d).addingProduct(x, weight), output, d)
            d += 8
        }
        while d < headDimension {
            output[d] += weight * loadHalf(v, 2 * d)
            d += 1
        }
    }
}
