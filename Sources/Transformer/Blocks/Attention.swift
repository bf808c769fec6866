import Kernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension ForwardPass {
    /// The attention block of `layer`: reads ``RunState/normed``, writes ``RunState/projected``.
    ///
    /// Q/K/V projections for all rows at once; optional biases (qwen2) and per-head Q/K RMSNorm (qwen3, gemma3);
    /// RoPE at each row's position with the layer's base; the query scale (gemma3); the batch's keys and values
    /// stored into the cache; then each (row, head) attends over its own slot's positions — causal, and limited to
    /// the sliding window on local layers; prompt chunks of 64 rows and more attend in tiles (TiledAttention.swift),
    /// other rows one at a time, a long span cut into chunks of positions (SplitAttention.swift), a lone decode row's
    /// chunks items of their own — and the output projection runs on all rows at once.
    func attention(layer: Int, _ w: LayerWeights) {
        let s = state
        let n = hp.embeddingLength
        let qWidth = hp.queryWidth, kWidth = hp.keyWidth, vWidth = hp.valueWidth
        matmuls(
            MatMulTarget(w.query, output: s.query, stride: qWidth), MatMulTarget(w.key, output: s.key, stride: kWidth),
            MatMulTarget(w.value, output: s.value, stride: vWidth), input: s.normed, stride: n)
        if let b = w.queryBias { addBias(b, to: s.query, width: qWidth) }
        if let b = w.keyBias { addBias(b, to: s.key, width: kWidth) }
        if let b = w.valueBias { addBias(b, to: s.value, width: vWidth) }
        if let qn = w.queryNorm { headNorm(s.query, qn, heads: hp.headCount) }
        if let kn = w.keyNorm { headNorm(s.key, kn, heads: hp.kvHeadCount) }
        rotate(s.query, heads: hp.headCount, layer: layer)
        rotate(s.key, heads: hp.kvHeadCount, layer: layer)
        if hp.queryScale != 1 {
            for i in 0..<(rows * qWidth) { s.query[i] *= hp.queryScale }
        }
        storeKeysAndValues(layer: layer)
        if splitsLoneRow(layer: layer) {
            attendSplitRow(layer: layer)
        } else {
            // Prompt chunks of 64 rows and more in tiles (TiledAttention.swift), the other rows one at a time.
            let (tiles, untiled) = planAttentionTiles()
            if tiles > 0 { attendTiles(layer: layer, tiles: tiles) }
            if untiled > 0 {
                let heads = hp.headCount, fast = !referenceAttention && cache.type == .f16
                let group = fast ? attentionGroupSize() : 1
                parallel(
                    untiled * heads / group,
                    AttentionHeadsJob(
                        pass: self, layer: layer, heads: heads, group: group, fast: fast, rows: state.untiledRows))
            }
        }
        matmul(w.attentionOutput, s.attention, stride: hp.attentionOutputWidth, into: s.projected, stride: n)
    }

    /// `x[r] += b` for every row of a `[rows, width]` buffer.
    private func addBias(_ b: FloatVector, to x: UnsafeMutablePointer<Float>, width: Int) {
        for r in 0..<rows {
            let row = x + r * width
            for i in 0..<width { row[i] += b.base[i] }
        }
    }

    /// Per-head RMSNorm (`[rows, heads·head_k]`, every head normalized with the same `[head_k]` weight).
    private func headNorm(_ x: UnsafeMutablePointer<Float>, _ w: FloatVector, heads: Int) {
        forEachRowRange(count: rows, HeadNormRows(x: x, weight: w, heads: heads, epsilon: hp.rmsEpsilon))
    }

    /// RoPE of every head of every row (`[rows, heads·head_k]`) in place, with the row's angles for this layer, in
    /// llama.cpp's operation order (``ggmlRoPE(_:heads:headDimension:rotaryDimensions:style:cos:sin:)``).
    private func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, layer: Int) {
        forEachRowRange(count: rows, RotateRows(pass: self, x: x, heads: heads, layer: layer))
    }

    /// ``rotate(_:heads:layer:)`` of rows `rows`.
    fileprivate func rotate(_ x: UnsafeMutablePointer<Float>, heads: Int, layer: Int, rows: Range<Int>) {
        let d = hp.keyLength
        let half = hp.ropeDimensionCount / 2
        let table = ropeTable[layer]
        for r in rows {
            let angles = (table * state.maxRows + r) * half
            ggmlRoPE(
                x + r * heads * d, heads: heads, headDimension: d, rotaryDimensions: hp.ropeDimensionCount,
                style: hp.ropeStyle, cos: state.ropeCos + angles, sin: state.ropeSin + angles)
        }
    }

    /// Writes every row's key and value into its slot at its position (rounded to f16 for an f16 cache).
    private func storeKeysAndValues(layer: Int) {
        let kWidth = hp.keyWidth, vWidth = hp.valueWidth
        for r in 0..<rows {
            let slot = state.rowSlot[r], position = state.rowPosition[r]
            let k = cache.keyRow(slot: slot, layer: layer, position: position)
            let v = cache.valueRow(slot: slot, layer: layer, position: position)
            switch cache.type {
            case .f16:
                convertToHalf(state.key + r * kWidth, count: kWidth, into: k.assumingMemoryBound(to: UInt16.self))
                convertToHalf(state.value + r * vWidth, count: vWidth, into: v.assumingMemoryBound(to: UInt16.self))
            case .f32:
                k.copyMemory(from: state.key + r * kWidth, byteCount: kWidth * 4)
                v.copyMemory(from: state.value + r * vWidth, byteCount: vWidth * 4)
            }
        }
    }

    /// One query head of one row against its slot's cached positions, as llama.cpp's CPU flash attention
    /// (`ggml_compute_forward_flash_attn_ext_f16_one_chunk`) computes it: keys visited in position order with an
    /// online softmax; with an f16 cache the query is rounded to f16 and the weighted sum of values is accumulated
    /// in f16, rounding after every step, exactly as there; a span longer than ``AttentionChunks/splitAbove`` chunk
    /// by chunk, merged as llama.cpp merges its split-KV partials. Writes `[head_v]` floats of ``RunState/attention``.
    func attendHead(layer: Int, row r: Int, head h: Int) {
        let dk = hp.keyLength, dv = hp.valueLength, scale = hp.attentionScale
        let (slot, first, position, kvHead) = attentionSpan(layer: layer, row: r, head: h)
        let q = state.query + (r * hp.headCount + h) * dk
        let out = state.attention + (r * hp.headCount + h) * dv
        var sum: Float = 0
        var maximum = -Float.infinity
        switch cache.type {
        case .f16:
            roundToHalf(q, count: dk)
            let acc = state.accumulatorHalf + (r * hp.headCount + h) * dv
            guard AttentionChunks.splits(first: first, last: position) else {
                let sum = accumulateHead(layer: layer, row: r, head: h, positions: first...position, into: acc).sum
                let inverse: Float = sum == 0 ? 0 : 1 / sum
                for i in 0..<dv { out[i] = halfToFloat(acc[i]) * inverse }
                return
            }
            // A long span: chunk by chunk (SplitAttention.swift).
            out.initialize(repeating: 0, count: dv)
            for c in AttentionChunks.indices(first: first, last: position) {
                let positions = AttentionChunks.positions(c, first: first, last: position)
                let (m, s) = accumulateHead(layer: layer, row: r, head: h, positions: positions, into: acc)
                ChunkMerge.add(
                    maximum: &maximum, sum: &sum, chunkMaximum: m, chunkSum: s, values: acc, into: out, count: dv)
            }
            ChunkMerge.finish(sum: sum, out, count: dv)
        case .f32:
            out.initialize(repeating: 0, count: dv)
            for p in first...position {
                let k = cache.keyRow(slot: slot, layer: layer, position: p).assumingMemoryBound(to: Float.self)
                let score = ggmlDot(k + kvHead * dk, q, count: dk) * scale
                var ms: Float = 1, vs: Float = 1
                if score > maximum {
                    ms = expf(maximum - score)
                    maximum = score
                    for i in 0..<dv { out[i] *= ms }
                } else {
                    vs = expf(score - maximum)
                }
                let v = cache.valueRow(slot: slot, layer: layer, position: p).assumingMemoryBound(to: Float.self)
                for i in 0..<dv { out[i] = out[i].plusProduct(v[kvHead * dv + i], vs) }
                sum = vs.plusProduct(sum, ms)
            }
            let inverse: Float = sum == 0 ? 0 : 1 / sum
            for i in 0..<dv { out[i] *= inverse }
        }
    }
}

extension ForwardPass {
    /// The reference online softmax of query head `h` of row `r` (query rounded to f16) over the f16 cache's
    /// `positions`, in order, one key at a time with libm `expf`: zeroes `acc` and leaves there the weighted sum of
    /// values, accumulated in f16 and rounded after every key.
    ///
    /// - Parameter acc: `[head_v]` f16 bit patterns, written.
    /// - Returns: the running maximum score and the sum of exponentials.
    func accumulateHead(
        layer: Int, row r: Int, head h: Int, positions: ClosedRange<Int>, into acc: UnsafeMutablePointer<UInt16>
    ) -> (maximum: Float, sum: Float) {
        let dk = hp.keyLength, dv = hp.valueLength, scale = hp.attentionScale
        let (slot, _, _, kvHead) = attentionSpan(layer: layer, row: r, head: h)
        let q = state.query + (r * hp.headCount + h) * dk
        var sum: Float = 0
        var maximum = -Float.infinity
        acc.initialize(repeating: 0, count: dv)
        for p in positions {
            let k = cache.keyRow(slot: slot, layer: layer, position: p).assumingMemoryBound(to: UInt16.self)
            let score = ggmlDot(half: k + kvHead * dk, q, count: dk) * scale
            var ms: Float = 1, vs: Float = 1
            if score > maximum {
                ms = expf(maximum - score)
                maximum = score
                ggmlScaleHalves(acc, count: dv, by: ms)
            } else {
                vs = expf(score - maximum)
            }
            let v = cache.valueRow(slot: slot, layer: layer, position: p).assumingMemoryBound(to: UInt16.self)
            ggmlAccumulateHalves(acc, v + kvHead * dv, count: dv, weight: vs)
            sum = vs.plusProduct(sum, ms)
        }
        return (maximum, sum)
    }
}

extension ForwardPass {
    /// What query head `h` of row `r` attends in `layer`: its slot, the first and last cached positions it sees (a
    /// sliding-window layer starts `window − 1` back) and the KV head it shares.
    @inline(__always)
    func attentionSpan(layer: Int, row r: Int, head h: Int) -> (slot: Int, first: Int, position: Int, kvHead: Int) {
        let position = state.rowPosition[r]
        let window = hp.layers[layer].usesSlidingWindow ? hp.slidingWindow : 0
        let first = window > 0 ? max(0, position - window + 1) : 0
        return (state.rowSlot[r], first, position, h / (hp.headCount / hp.kvHeadCount))
    }
}

/// Per-head RMSNorm of a range of rows (`[rows, heads·head_k]`, one `[head_k]` weight for every head).
private struct HeadNormRows: RowRangeOp {
    let x: UnsafeMutablePointer<Float>
    let weight: FloatVector
    let heads: Int
    let epsilon: Float

    func run(rows: Range<Int>) {
        let d = weight.count
        for v in (rows.lowerBound * heads)..<(rows.upperBound * heads) {
            ggmlRMSNorm(x + v * d, weight: weight.base, count: d, epsilon: epsilon, into: x + v * d)
        }
    }
}

/// RoPE of a range of rows (see ``ForwardPass/rotate(_:heads:layer:)``).
private struct RotateRows: RowRangeOp {
    let pass: ForwardPass
    let x: UnsafeMutablePointer<Float>
    let heads: Int
    let layer: Int

    func run(rows: Range<Int>) { pass.rotate(x, heads: heads, layer: layer, rows: rows) }
}

/// Item `i` attends `group` consecutive heads of one row of `layer` (heads that share a KV head; see
/// ``ForwardPass/attentionGroupSize()``), on the fast path or, when `fast` is false, the reference one head at a
/// time; the row is `rows[i / (heads / group)]`. A stack value: handing it to the pool allocates nothing.
private struct AttentionHeadsJob: ParallelJob {
    let pass: ForwardPass
    let layer: Int
    let heads: Int
    let group: Int
    let fast: Bool
    let rows: UnsafePointer<Int>

    func run(_ item: Int) {
        let perRow = heads / group
        let row = rows[item / perRow], first = (item % perRow) * group
        switch group {
        case 2: pass.attendHeads(TwoHeads.self, layer: layer, row: row, firstHead: first)
        case 3: pass.attendHeads(ThreeHeads.self, layer: layer, row: row, firstHead: first)
        case 4: pass.attendHeads(FourHeads.self, layer: layer, row: row, firstHead: first)
        default:
            if fast {
                pass.attendHeads(OneHead.self, layer: layer, row: row, firstHead: first)
            } else {
                pass.attendHead(layer: layer, row: row, head: first)
            }
        }
    }
}
