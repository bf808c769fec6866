import Kernels

// The arithmetic of one query tile against one key tile (TiledAttention.swift), each fast form beside its plain scalar
// reference. The two compute every element with the same fused multiply-adds in the same order (the fast forms only
// keep several elements' chains in vector registers at once), so they agree bit for bit; `FastAttentionTests` holds
// them to that through whole models. The order is llama.cpp's `simd_gemm` (ggml-cpu's tiled flash attention): an
// element's chain runs over the inner dimension from first to last, starting at zero for scores and at the current
// value for the weighted sums.
//
// Layouts (floats): a tile's keys `[head_k, 64]` (position fastest), its values `[64, head_v]`, scores `[rows, 64]`.

/// `scores[i, c] = Σ_d keys[d, c] · queries[i, d]` for the query rows `i < rows` (row `i` at `queries + i·stride`)
/// and the key columns `columns` (bounds multiples of 8), each a fused multiply-add chain over `d = 0 ..< length`.
func tileScores(
    queries q: UnsafePointer<Float>, stride: Int, rows n: Int, keys: UnsafePointer<Float>, columns: Range<Int>,
    length dk: Int, into scores: UnsafeMutablePointer<Float>
) {
    let width = AttentionTiles.keys
    var i = 0
    // Four rows by sixteen columns per block: eight accumulators, two key loads and four broadcasts per step.
    while i + 4 <= n {
        let q0 = q + i * stride, q1 = q0 + stride, q2 = q1 + stride, q3 = q2 + stride
        let out = scores + i * width
        var c = columns.lowerBound
        while c + 16 <= columns.upperBound {
            var a00 = SIMD8<Float>(), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00
            for d in 0..<dk {
                let k = keys + d * width + c
                let b0 = vector(k), b1 = vector(k + 8)
                let s0 = q0[d], s1 = q1[d], s2 = q2[d], s3 = q3[d]
                a00 = a00.plusProduct(b0, s0)
                a01 = a01.plusProduct(b1, s0)
                a10 = a10.plusProduct(b0, s1)
                a11 = a11.plusProduct(b1, s1)
                a20 = a20.plusProduct(b0, s2)
                a21 = a21.plusProduct(b1, s2)
                a30 = a30.plusProduct(b0, s3)
                a31 = a31.plusProduct(b1, s3)
            }
            store(a00, out + c); store(a01, out + c + 8)
            store(a10, out + width + c); store(a11, out + width + c + 8)
            store(a20, out + 2 * width + c); store(a21, out + 2 * width + c + 8)
            store(a30, out + 3 * width + c); store(a31, out + 3 * width + c + 8)
            c += 16
        }
        while c < columns.upperBound {
            var a0 = SIMD8<Float>(), a1 = a0, a2 = a0, a3 = a0
            for d in 0..<dk {
                let b = vector(keys + d * width + c)
                a0 = a0.plusProduct(b, q0[d])
                a1 = a1.plusProduct(b, q1[d])
                a2 = a2.plusProduct(b, q2[d])
                a3 = a3.plusProduct(b, q3[d])
            }
            store(a0, out + c); store(a1, out + width + c); store(a2, out + 2 * width + c); store(a3, out + 3 * width + c)
            c += 8
        }
        i += 4
    }
    while i < n {
        let qi = q + i * stride
        var c = columns.lowerBound
        while c < columns.upperBound {
            var a = SIMD8<Float>()
            for d in 0..<dk { a = a.plusProduct(vector(keys + d * width + c), qi[d]) }
            store(a, scores + i * width + c)
            c += 8
        }
        i += 1
    }
}

/// The scalar reference of ``tileScores(queries:stride:rows:keys:columns:length:into:)``.
func tileScoresReference(
    queries q: UnsafePointer<Float>, stride: Int, rows n: Int, keys: UnsafePointer<Float>, columns: Range<Int>,
    length dk: Int, into scores: UnsafeMutablePointer<Float>
) {
    let width = AttentionTiles.keys
    for i in 0..<n {
        for c in columns {
            var a: Float = 0
            for d in 0..<dk { a = a.plusProduct(keys[d * width + c], q[i * stride + d]) }
            scores[i * width + c] = a
        }
    }
}

/// `out[i, d] += Σ_c scores[i, c] · values[c, d]` for the rows `i < rows` (row `i` at `out + i·stride`) and every
/// `d < length` (a multiple of 8), each a fused multiply-add chain over the key columns `keys` in order.
func tileValues(
    scores: UnsafePointer<Float>, rows n: Int, values: UnsafePointer<Float>, keys: ClosedRange<Int>, length dv: Int,
    into out: UnsafeMutablePointer<Float>, stride: Int
) {
    let width = AttentionTiles.keys
    var i = 0
    // Four rows by sixteen value lanes per block, as in `tileScores`.
    while i + 4 <= n {
        let w = scores + i * width
        let o0 = out + i * stride, o1 = o0 + stride, o2 = o1 + stride, o3 = o2 + stride
        var d = 0
        while d + 16 <= dv {
            var a00 = vector(o0 + d), a01 = vector(o0 + d + 8), a10 = vector(o1 + d), a11 = vector(o1 + d + 8)
            var a20 = vector(o2 + d), a21 = vector(o2 + d + 8), a30 = vector(o3 + d), a31 = vector(o3 + d + 8)
            for c in keys {
                let v = values + c * dv + d
                let b0 = vector(v), b1 = vector(v + 8)
                let s0 = w[c], s1 = w[width + c], s2 = w[2 * width + c], s3 = w[3 * width + c]
                a00 = a00.plusProduct(b0, s0)
                a01 = a01.plusProduct(b1, s0)
                a10 = a10.plusProduct(b0, s1)
                a11 = a11.plusProduct(b1, s1)
                a20 = a20.plusProduct(b0, s2)
                a21 = a21.plusProduct(b1, s2)
                a30 = a30.plusProduct(b0, s3)
                a31 = a31.plusProduct(b1, s3)
            }
            store(a00, o0 + d); store(a01, o0 + d + 8); store(a10, o1 + d); store(a11, o1 + d + 8)
            store(a20, o2 + d); store(a21, o2 + d + 8); store(a30, o3 + d); store(a31, o3 + d + 8)
            d += 16
        }
        while d < dv {
            var a0 = vector(o0 + d), a1 = vector(o1 + d), a2 = vector(o2 + d), a3 = vector(o3 + d)
            for c in keys {
                let b = vector(values + c * dv + d)
                a0 = a0.plusProduct(b, w[c])
                a1 = a1.plusProduct(b, w[width + c])
                a2 = a2.plusProduct(b, w[2 * width + c])
                a3 = a3.plusProduct(b, w[3 * width + c])
            }
            store(a0, o0 + d); store(a1, o1 + d); store(a2, o2 + d); store(a3, o3 + d)
            d += 8
        }
        i += 4
    }
    while i < n {
        let w = scores + i * width, o = out + i * stride
        var d = 0
        while d < dv {
            var a = vector(o + d)
            for c in keys { a = a.plusProduct(vector(values + c * dv + d), w[c]) }
            store(a, o + d)
            d += 8
        }
        i += 1
    }
}

/// The scalar reference of ``tileValues(scores:rows:values:keys:length:into:stride:)``.
func tileValuesReference(
    scores: UnsafePointer<Float>, rows n: Int, values: UnsafePointer<Float>, keys: ClosedRange<Int>, length dv: Int,
    into out: UnsafeMutablePointer<Float>, stride: Int
) {
    let width = AttentionTiles.keys
    for i in 0..<n {
        for d in 0..<dv {
            var a = out[i * stride + d]
            for c in keys { a = a.plusProduct(values[c * dv + d], scores[i * width + c]) }
            out[i * stride + d] = a
        }
    }
}

/// The sum of `count` (a multiple of 8) floats as ggml's AVX2 `ggml_vec_soft_max_f32` sums its exponentials: each
/// group of 8 in f32 as `((x0 + x4) + (x2 + x6)) + ((x1 + x5) + (x3 + x7))`, the groups' sums added in f64 in order.
func ggmlSoftmaxSum(_ x: UnsafePointer<Float>, count: Int) -> Double {
    var sum: Double = 0
    var i = 0
    while i + 8 <= count {
        let a0 = x[i] + x[i + 4], a1 = x[i + 1] + x[i + 5], a2 = x[i + 2] + x[i + 6], a3 = x[i + 3] + x[i + 7]
        sum += Double((a0 + a2) + (a1 + a3))
        i += 8
    }
    return sum
}

/// Widens `count` f16 bit patterns to floats stored `stride` floats apart (`[count, stride]` column of a transposed
/// tile).
func widenTransposed(_ x: UnsafePointer<UInt16>, count: Int, into y: UnsafeMutablePointer<Float>, stride: Int) {
    var i = 0
    while i + 8 <= count {
        let v = halfToFloat(UnsafeRawPointer(x + i).loadUnaligned(as: SIMD8<UInt16>.self))
        for j in 0..<8 { y[(i + j) * stride] = v[j] }
        i += 8
    }
    while i < count {
        y[i * stride] = halfToFloat(x[i])
        i += 1
    }
}

@inline(__always)
private func vector(_ p: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func vector(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
}
