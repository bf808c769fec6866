import Kernels
import KernelsX86

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How many query heads one attention work item takes (heads that share one KV head: each f16 key and value row is
/// then widened to f32 once for all of them).
protocol HeadGroup {
    /// Heads per group (1…4).
    static var count: Int { get }
}

/// One head (no other head shares its KV head on this work split).
enum OneHead: HeadGroup { static var count: Int { 1 } }
/// Two heads.
enum TwoHeads: HeadGroup { static var count: Int { 2 } }
/// Three heads.
enum ThreeHeads: HeadGroup { static var count: Int { 3 } }
/// Four heads.
enum FourHeads: HeadGroup { static var count: Int { 4 } }

extension ForwardPass {
    /// Heads per attention work item: the largest of 4, 3, 2 that divides the query heads per KV head and still
    /// gives every thread an item; else 1. An uneven split beats single heads: SmolLM2 decoding one row on 2
    /// threads runs 3 groups of 3 (2 + 1 per thread) about 10% faster at depth 1024 than 9 single heads (5 + 4),
    /// since each key and value row is widened once per group.
    func attentionGroupSize() -> Int {
        guard hp.kvHeadCount > 0 else { return 1 }
        let perKV = hp.headCount / hp.kvHeadCount
        let threads = pool?.threadCount ?? 1
        for g in [4, 3, 2] where perKV % g == 0 {
            let items = rows * hp.headCount / g
            if items >= threads { return g }
        }
        return 1
    }

    /// ``attendHead(layer:row:head:)`` for heads `firstHead ..< firstHead + G.count` of row `r` (f16 cache), which
    /// share one KV head: every head sees exactly the operations it sees alone (the same dot products, online
    /// softmax and f16-rounded accumulation, the same `expf` values), but each key and value row is loaded and
    /// widened once for the group, and keys go in blocks of ``softmaxBlock``: their scores first, then every
    /// exponential of the block in one vector call (`swl_expf`, bit-identical to libm's), then the values in order.
    func attendHeads<G: HeadGroup>(_: G.Type, layer: Int, row r: Int, firstHead h0: Int) {
        let dk = hp.keyLength, dv = hp.valueLength, scale = hp.attentionScale
        let (slot, first, position, kvHead) = attentionSpan(layer: layer, row: r, head: h0)
        // [G.count, head_k] queries, [G.count, head_v] f16 accumulators and outputs of the group's heads.
        let q = state.query + (r * hp.headCount + h0) * dk
        let acc = state.accumulatorHalf + (r * hp.headCount + h0) * dv
        let out = state.attention + (r * hp.headCount + h0) * dv
        for h in 0..<G.count {
            roundToHalf(q + h * dk, count: dk)
            (acc + h * dv).initialize(repeating: 0, count: dv)
        }
        var sum = SIMD4<Float>(), maximum = SIMD4<Float>(repeating: -.infinity)
        // [G.count, softmaxBlock] exponent arguments and their exponentials, per head the block's keys in order.
        var arguments = SoftmaxBlock(), exponentials = SoftmaxBlock()
        var p = first
        while p <= position {
            let n = min(softmaxBlock, position - p + 1)
            // Bit j of newMaximum[h]: key p + j raised head h's running maximum (its exponential rescales).
            var newMaximum = SIMD4<UInt8>()
            arguments = SoftmaxBlock()
            for j in 0..<n {
                let keyRow = cache.keyRow(slot: slot, layer: layer, position: p + j)
                // The cache is read straight from DRAM at depth: prefetch ahead in the key and value rows.
                swl_prefetch(keyRow + Int(SWL_PREFETCH_BYTES))
                swl_prefetch(cache.valueRow(slot: slot, layer: layer, position: p + j) + Int(SWL_PREFETCH_BYTES))
                let k = keyRow.assumingMemoryBound(to: UInt16.self)
                let scores = ggmlDots(G.self, half: k + kvHead * dk, q, count: dk) * scale
                for h in 0..<G.count {
                    if scores[h] > maximum[h] {
                        arguments[h, j] = maximum[h] - scores[h]
                        maximum[h] = scores[h]
                        newMaximum[h] |= 1 << j
                    } else {
                        arguments[h, j] = scores[h] - maximum[h]
                    }
                }
            }
            withUnsafePointer(to: &arguments) { x in
                withUnsafeMutablePointer(to: &exponentials) { y in
                    swl_expf(
                        UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                        UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), Int32(G.count * softmaxBlock))
                }
            }
            for j in 0..<n {
                var ms = SIMD4<Float>(repeating: 1), vs = SIMD4<Float>(repeating: 1)
                var rescaled: UInt8 = 0
                for h in 0..<G.count {
                    if newMaximum[h] & (1 << j) != 0 {
                        ms[h] = exponentials[h, j]
                        rescaled |= 1 << h
                    } else {
                        vs[h] = exponentials[h, j]
                    }
                }
                let v = cache.valueRow(slot: slot, layer: layer, position: p + j).assumingMemoryBound(to: UInt16.self)
                accumulateGroup(G.self, acc, v + kvHead * dv, count: dv, scaled: rescaled, by: ms, weights: vs)
                for h in 0..<G.count { sum[h] = vs[h].addingProduct(sum[h], ms[h]) }
            }
            p += n
        }
        for h in 0..<G.count {
            let inverse: Float = sum[h] == 0 ? 0 : 1 / sum[h]
            for i in 0..<dv { out[h * dv + i] = Float(Float16(bitPattern: acc[h * dv + i])) * inverse }
        }
    }
}

/// Keys per softmax block in ``ForwardPass/attendHeads(_:layer:row:firstHead:)``.
private let softmaxBlock = 8

/// `[4, softmaxBlock]` floats on the stack (head-major), the layout `swl_expf` reads and writes.
private struct SoftmaxBlock {
    private var lanes = (SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>(), SIMD8<Float>())

    subscript(head: Int, key: Int) -> Float {
        get {
            switch head {
            case 0: lanes.0[key]
            case 1: lanes.1[key]
            case 2: lanes.2[key]
            default: lanes.3[key]
            }
        }
        set {
            switch head {
            case 0: lanes.0[key] = newValue
            case 1: lanes.1[key] = newValue
            case 2: lanes.2[key] = newValue
            default: lanes.3[key] = newValue
            }
        }
    }
}

/// Four dot-product accumulators of one head, as ``ggmlDot(half:_:count:)`` keeps them.
private struct DotLanes {
    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()

    /// ``ggmlDot(half:_:count:)``'s reduction and tail for this head's query `b`.
    func total(_ a: UnsafePointer<UInt16>, _ b: UnsafePointer<Float>, from start: Int, count: Int) -> Float {
        let t = (s0 + s2) + (s1 + s3)
        let t0 = t.lowHalf + t.highHalf
        var sum = Double((t0[0] + t0[1]) + (t0[2] + t0[3]))
        for i in start..<count { sum += Double(Float(Float16(bitPattern: a[i])) * b[i]) }
        return Float(sum)
    }
}

/// ``ggmlDot(half:_:count:)`` of one f16 key row against `G.count` queries (`[G.count, count]` at `q`), each result
/// bit-identical to the single dot; the key is widened once per 8 elements for all of them.
@inline(__always)
private func ggmlDots<G: HeadGroup>(
    _: G.Type, half a: UnsafePointer<UInt16>, _ q: UnsafePointer<Float>, count: Int
) -> SIMD4<Float> {
    let steps = count & ~31
    var lanes = (DotLanes(), DotLanes(), DotLanes(), DotLanes())
    @inline(__always) func add(_ l: inout DotLanes, _ b: UnsafePointer<Float>, _ k: (SIMD8<Float>, SIMD8<Float>,
        SIMD8<Float>, SIMD8<Float>), _ i: Int)
    {
        l.s0.addProduct(k.0, load8(b, i))
        l.s1.addProduct(k.1, load8(b, i + 8))
        l.s2.addProduct(k.2, load8(b, i + 16))
        l.s3.addProduct(k.3, load8(b, i + 24))
    }
    var i = 0
    while i < steps {
        let k = (loadHalf8(a, i), loadHalf8(a, i + 8), loadHalf8(a, i + 16), loadHalf8(a, i + 24))
        add(&lanes.0, q, k, i)
        if G.count > 1 { add(&lanes.1, q + count, k, i) }
        if G.count > 2 { add(&lanes.2, q + 2 * count, k, i) }
        if G.count > 3 { add(&lanes.3, q + 3 * count, k, i) }
        i += 32
    }
    var result = SIMD4<Float>()
    result[0] = lanes.0.total(a, q, from: steps, count: count)
    if G.count > 1 { result[1] = lanes.1.total(a, q + count, from: steps, count: count) }
    if G.count > 2 { result[2] = lanes.2.total(a, q + 2 * count, from: steps, count: count) }
    if G.count > 3 { result[3] = lanes.3.total(a, q + 3 * count, from: steps, count: count) }
    return result
}

/// For each head `h` of the group (`[G.count, count]` f16 accumulators at `acc`): when bit `h` of `scaled` is set,
/// `acc = f16(f32(acc)·s[h])` first (ggml's `ggml_vec_scale_f16`), then `acc = f16(fma(v, w[h], f32(acc)))`
/// (`ggml_vec_mad_f16`) — each value rounded to f16 after each step as the single-head path does; `v` is widened
/// once for the group.
@inline(__always)
private func accumulateGroup<G: HeadGroup>(
    _: G.Type, _ acc: UnsafeMutablePointer<UInt16>, _ v: UnsafePointer<UInt16>, count: Int, scaled: UInt8,
    by s: SIMD4<Float>, weights w: SIMD4<Float>
) {
    var i = 0
    if scaled == 0 {
        // The common case once the running maxima settle: no head rescales, so the loop has no per-head test.
        while i + 8 <= count {
            let vf = floats8(v, i)
            for h in 0..<G.count {
                let a = acc + h * count
                let x = floats8(a, i)
                UnsafeMutableRawPointer(a + i).storeBytes(of: halves8(x.addingProduct(vf, w[h])), as: SIMD8<UInt16>.self)
            }
            i += 8
        }
    }
    while i + 8 <= count {
        let vf = floats8(v, i)
        for h in 0..<G.count {
            let a = acc + h * count
            var x = floats8(a, i)
            if scaled & (1 << h) != 0 { x = SIMD8<Float>(SIMD8<Float16>(x * s[h])) }
            UnsafeMutableRawPointer(a + i).storeBytes(of: halves8(x.addingProduct(vf, w[h])), as: SIMD8<UInt16>.self)
        }
        i += 8
    }
    while i < count {
        let vi = Float(Float16(bitPattern: v[i]))
        for h in 0..<G.count {
            let a = acc + h * count
            var x = Float(Float16(bitPattern: a[i]))
            if scaled & (1 << h) != 0 { x = Float(Float16(x * s[h])) }
            a[i] = Float16(x.addingProduct(vi, w[h])).bitPattern
        }
        i += 1
    }
}
