import Kernels

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
    /// widened once for the group (see ``accumulateHeads(_:layer:row:firstHead:positions:into:)``).
    func attendHeads<G: HeadGroup>(_: G.Type, layer: Int, row r: Int, firstHead h0: Int) {
        let dv = hp.valueLength
        let (_, first, position, _) = attentionSpan(layer: layer, row: r, head: h0)
        // [G.count, head_v] f16 accumulators and outputs of the group's heads.
        let acc = state.accumulatorHalf + (r * hp.headCount + h0) * dv
        let out = state.attention + (r * hp.headCount + h0) * dv
        for h in 0..<G.count {
            roundToHalf(state.query + (r * hp.headCount + h0 + h) * hp.keyLength, count: hp.keyLength)
        }
        guard AttentionChunks.splits(first: first, last: position) else {
            let (_, sum) = accumulateHeads(
                G.self, layer: layer, row: r, firstHead: h0, positions: first...position, into: acc)
            for h in 0..<G.count {
                let inverse: Float = sum[h] == 0 ? 0 : 1 / sum[h]
                for i in 0..<dv { out[h * dv + i] = halfToFloat(acc[h * dv + i]) * inverse }
            }
            return
        }
        // A long span: chunk by chunk (SplitAttention.swift), each merged into the output as it completes.
        out.initialize(repeating: 0, count: G.count * dv)
        var maxima = SIMD4<Float>(repeating: -.infinity), sums = SIMD4<Float>()
        for c in AttentionChunks.indices(first: first, last: position) {
            let positions = AttentionChunks.positions(c, first: first, last: position)
            let (m, s) = accumulateHeads(G.self, layer: layer, row: r, firstHead: h0, positions: positions, into: acc)
            for h in 0..<G.count {
                ChunkMerge.add(
                    maximum: &maxima[h], sum: &sums[h], chunkMaximum: m[h], chunkSum: s[h], values: acc + h * dv,
                    into: out + h * dv, count: dv)
            }
        }
        for h in 0..<G.count { ChunkMerge.finish(sum: sums[h], out + h * dv, count: dv) }
    }

    /// The online softmax of heads `firstHead ..< firstHead + G.count` of row `r` (queries already rounded to f16)
    /// over the cached `positions`, in order: zeroes `acc` and leaves there each head's weighted sum of values,
    /// accumulated in f16 and rounded after every key as ggml does. Keys go in blocks of ``softmaxBlock``: their
    /// scores first, then every exponential of the block in one vector call (`libmExpf`, bit-identical to libm's),
    /// then the values in order.
    ///
    /// - Parameter acc: `[G.count, head_v]` f16 bit patterns, written.
    /// - Returns: per head (lanes `0 ..< G.count`) the running maximum score and the sum of exponentials.
    func accumulateHeads<G: HeadGroup>(
        _: G.Type, layer: Int, row r: Int, firstHead h0: Int, positions: ClosedRange<Int>,
        into acc: UnsafeMutablePointer<UInt16>
    ) -> (maximum: SIMD4<Float>, sum: SIMD4<Float>) {
        let dk = hp.keyLength, dv = hp.valueLength, scale = hp.attentionScale
        let (slot, _, _, kvHead) = attentionSpan(layer: layer, row: r, head: h0)
        let kv = cache.view(slot: slot, layer: layer)
        // Bytes of one KV head's f16 key and value.
        let keyBytes = dk * 2, valueBytes = dv * 2
        // [G.count, head_k] queries of the group's heads.
        let q = state.query + (r * hp.headCount + h0) * dk
        acc.initialize(repeating: 0, count: G.count * dv)
        var sum = SIMD4<Float>(), maximum = SIMD4<Float>(repeating: -.infinity)
        // [G.count, softmaxBlock] exponent arguments and their exponentials, per head the block's keys in order.
        var arguments = SoftmaxBlock(), exponentials = SoftmaxBlock()
        var p = positions.lowerBound
        let position = positions.upperBound
        while p <= position {
            let n = min(softmaxBlock, position - p + 1)
            // Bit j of newMaximum[h]: key p + j raised head h's running maximum (its exponential rescales).
            var newMaximum = SIMD4<UInt8>()
            arguments = SoftmaxBlock()
            for j in 0..<n {
                // The cache is read straight from DRAM at depth: prefetch this KV head's key and value of the
                // position `kvPrefetchAhead` later (a hint; past the end it touches nothing).
                let ahead = kv.row(p + j + kvPrefetchAhead)
                let aheadKey = kv.keyRow(at: ahead) + kvHead * keyBytes, aheadValue = kv.valueRow(at: ahead) + kvHead * valueBytes
                var line = 0
                while line < keyBytes { prefetchCacheLine(aheadKey + line); line += 64 }
                line = 0
                while line < valueBytes { prefetchCacheLine(aheadValue + line); line += 64 }
                let k = kv.keyRow(at: kv.row(p + j)).assumingMemoryBound(to: UInt16.self)
                let scores = ggmlDots(half: k + kvHead * dk, q, count: dk, heads: G.count) * scale
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
                    libmExpf(
                        UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                        into: UnsafeMutableRawPointer(y).assumingMemoryBound(to: Float.self), count: G.count * softmaxBlock)
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
                let v = kv.valueRow(at: kv.row(p + j)).assumingMemoryBound(to: UInt16.self)
                ggmlAccumulateHalves(
                    heads: G.count, acc, v + kvHead * dv, count: dv, scaled: rescaled, by: ms, weights: vs)
                for h in 0..<G.count { sum[h] = vs[h].plusProduct(sum[h], ms[h]) }
            }
            p += n
        }
        return (maximum, sum)
    }
}

/// Keys per softmax block in ``ForwardPass/attendHeads(_:layer:row:firstHead:)``.
private let softmaxBlock = 8

/// `[4, softmaxBlock]` floats on the stack (head-major), the layout `libmExpf` reads and writes.
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

/// How many positions ahead ``ForwardPass/accumulateHeads(_:layer:row:firstHead:positions:into:)`` prefetches its
/// KV head's key and value. Measured on SmolLM2 decoding at depth 4096 with the AVX2 kernels (AMD Zen 4, 2 threads,
/// alternating rounds): 0 (only the hardware prefetchers) 43.7 / 40.2 tokens/s, 8 ahead 55.2 / 47.5, 16 ahead 44.5
/// (one round).
private let kvPrefetchAhead = 8
