import Kernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Attention deep in a context, cut by positions. A row that attends more than `AttentionChunks.splitAbove` cached
// positions (f16 cache) runs its online softmax separately over each chunk of `AttentionChunks.size` positions
// (chunk `c` holds positions `c·size ..< (c + 1)·size`, absolute, so a sliding-window ring is cut the same way), and
// the chunks are merged in order in f32, as llama.cpp's CPU flash attention merges the chunks of its split-KV decode
// (`ggml_flash_attn_ext_reduce_partials`). The cut depends only on the row's positions — never on the thread count
// or on what else is in the batch — so every configuration computes the same values.
//
// Why: decoding one token, a row has only `n_head / group` work items (SmolLM2: 3 groups of 3 heads), too few to keep
// the threads busy (3 items on 2 threads leave one idle a third of the time). Cut into chunks, one row gives
// `groups · chunks` items (`attendSplitRow`); rows of a batch keep one item per head group and walk their chunks in
// turn (`ForwardPass.attendHeads`), which computes the same values.

/// How a long attention span is cut (see the comment at the top of this file).
enum AttentionChunks {
    /// Positions per chunk.
    static let size = 128
    /// A row is cut only when it attends more positions than this.
    static let splitAbove = 256

    /// Whether a row attending `first ... last` is cut.
    @inline(__always)
    static func splits(first: Int, last: Int) -> Bool { last - first + 1 > splitAbove }

    /// The chunks of `first ... last`: chunk indices `first / size ... last / size`.
    @inline(__always)
    static func indices(first: Int, last: Int) -> ClosedRange<Int> { (first / size)...(last / size) }

    /// The positions of chunk `c` within `first ... last`.
    @inline(__always)
    static func positions(_ c: Int, first: Int, last: Int) -> ClosedRange<Int> {
        max(first, c * size)...min(last, c * size + size - 1)
    }
}

/// One head's running merge of its chunks: the largest maximum so far, the sum of exponentials scaled to it, and the
/// weighted values (in the head's f32 output row, zeroed before the first chunk).
enum ChunkMerge {
    /// Merges one chunk (maximum `m`, sum `s`, unnormalized weighted values `values` in f16) into `out`
    /// (`[count]` floats): `out = out·e^(M−M') + values·e^(m−M')` with `M' = max(M, m)`, the sum likewise. A chunk
    /// with sum 0 is skipped.
    @inline(__always)
    static func add(
        maximum: inout Float, sum: inout Float, chunkMaximum m: Float, chunkSum s: Float,
        values: UnsafePointer<UInt16>, into out: UnsafeMutablePointer<Float>, count: Int
    ) {
        guard s != 0 else { return }
        let merged = max(maximum, m)
        let old = expf(maximum - merged), new = expf(m - merged)
        var i = 0
        while i + 8 <= count {
            let bits = UnsafeRawPointer(values + i).loadUnaligned(as: SIMD8<UInt16>.self)
            let widened = halfToFloat(bits)
            let o = UnsafeRawPointer(out + i).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(out + i).storeBytes(of: o * old + widened * new, as: SIMD8<Float>.self)
            i += 8
        }
        while i < count {
            out[i] = out[i] * old + halfToFloat(values[i]) * new
            i += 1
        }
        sum = sum * old + s * new
        maximum = merged
    }

    /// Divides the merged values by the merged sum (nothing when it is 0).
    @inline(__always)
    static func finish(sum: Float, _ out: UnsafeMutablePointer<Float>, count: Int) {
        guard sum != 0 else { return }
        let inverse = 1 / sum
        for i in 0..<count { out[i] *= inverse }
    }
}

extension ForwardPass {
    /// Whether the pass's single row is cut into (head group, chunk) items: one row at a span long enough to be cut,
    /// on more than one thread, on the fast path.
    func splitsLoneRow(layer: Int) -> Bool {
        guard rows == 1, !referenceAttention, cache.type == .f16, let pool, pool.threadCount > 1 else { return false }
        let (_, first, position, _) = attentionSpan(layer: layer, row: 0, head: 0)
        return AttentionChunks.splits(first: first, last: position)
    }

    /// Heads per item of a cut row: the largest of 4, 3, 2 that divides the query heads per KV head (the chunks give
    /// the threads their items), else 1.
    func splitAttentionGroupSize() -> Int {
        guard hp.kvHeadCount > 0 else { return 1 }
        let perKV = hp.headCount / hp.kvHeadCount
        if perKV % 4 == 0 { return 4 }
        if perKV % 3 == 0 { return 3 }
        return perKV % 2 == 0 ? 2 : 1
    }

    /// Attention of the pass's one row cut into chunks: queries rounded to f16 once, every (group, chunk) item on the
    /// pool (each into its own accumulators and statistics), then every head's chunks merged in order into
    /// ``RunState/attention``.
    func attendSplitRow(layer: Int) {
        let (_, first, position, _) = attentionSpan(layer: layer, row: 0, head: 0)
        let chunks = AttentionChunks.indices(first: first, last: position)
        roundToHalf(state.query, count: hp.queryWidth)
        let group = splitAttentionGroupSize()
        parallel(
            hp.headCount / group * chunks.count,
            ChunkItemsJob(pass: self, layer: layer, group: group, firstChunk: chunks.lowerBound, chunks: chunks.count))
        let dv = hp.valueLength
        for h in 0..<hp.headCount {
            let out = state.attention + h * dv
            out.initialize(repeating: 0, count: dv)
            var maximum = -Float.infinity, sum: Float = 0
            for c in 0..<chunks.count {
                // [2]: maximum, sum of chunk c of head h.
                let stats = state.chunkStatistics + (c * hp.headCount + h) * 2
                ChunkMerge.add(
                    maximum: &maximum, sum: &sum, chunkMaximum: stats[0], chunkSum: stats[1],
                    values: state.chunkAccumulators + (c * hp.headCount + h) * dv, into: out, count: dv)
            }
            ChunkMerge.finish(sum: sum, out, count: dv)
        }
    }

    /// One item of ``attendSplitRow(layer:)``: heads `firstHead ..< firstHead + G.count` over chunk `firstChunk + c`,
    /// leaving the f16 weighted values in ``RunState/chunkAccumulators`` and the maximum and sum in
    /// ``RunState/chunkStatistics`` (both at index `c`).
    func attendChunk<G: HeadGroup>(_: G.Type, layer: Int, firstHead h0: Int, chunk c: Int, firstChunk: Int) {
        let (_, first, position, _) = attentionSpan(layer: layer, row: 0, head: h0)
        let acc = state.chunkAccumulators + (c * hp.headCount + h0) * hp.valueLength
        let positions = AttentionChunks.positions(firstChunk + c, first: first, last: position)
        let (maximum, sum) = accumulateHeads(G.self, layer: layer, row: 0, firstHead: h0, positions: positions, into: acc)
        for h in 0..<G.count {
            let stats = state.chunkStatistics + (c * hp.headCount + h0 + h) * 2
            stats[0] = maximum[h]
            stats[1] = sum[h]
        }
    }
}

/// Item `i` of ``ForwardPass/attendSplitRow(layer:)``: head group `i / chunks`, chunk `i % chunks`. A stack value:
/// handing it to the pool allocates nothing.
private struct ChunkItemsJob: ParallelJob {
    let pass: ForwardPass
    let layer: Int
    let group: Int
    let firstChunk: Int
    let chunks: Int

    func run(_ item: Int) {
        let head = item / chunks * group, c = item % chunks
        switch group {
        case 2: pass.attendChunk(TwoHeads.self, layer: layer, firstHead: head, chunk: c, firstChunk: firstChunk)
        case 3: pass.attendChunk(ThreeHeads.self, layer: layer, firstHead: head, chunk: c, firstChunk: firstChunk)
        case 4: pass.attendChunk(FourHeads.self, layer: layer, firstHead: head, chunk: c, firstChunk: firstChunk)
        default: pass.attendChunk(OneHead.self, layer: layer, firstHead: head, chunk: c, firstChunk: firstChunk)
        }
    }
}
