import Kernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// Prefill attention in tiles. A run of at least `AttentionTiles.minimumRows` consecutive rows of one slot at
// consecutive positions (a prompt chunk) attends as llama.cpp's CPU flash attention attends a batch of that many query
// rows (`ggml_compute_forward_flash_attn_ext_tiled`, its path for batches of 64 rows and more): the queries stay f32;
// keys and values are widened to f32 once per tile of 64 positions (tiles at absolute positions 0, 64, 128, …); a
// tile's scores are a small matrix product, each score one fused multiply-add chain over the head dimension in order;
// the softmax is online per tile (the tile's maximum, then its exponentials, summed 8 at a time as ggml's AVX2 code
// sums them, the partial sums in f64); and the weighted values are accumulated in f32, one fused chain over the tile's
// keys per element. Other rows — decode steps and short prompt chunks — keep the per-row path of Attention.swift, as
// llama.cpp keeps `ggml_compute_forward_flash_attn_ext_f16_one_chunk` for batches under 64 rows.
//
// A tiled row's values depend only on its own position, its window and the cached keys and values, never on the
// tile or the forward call it shares, so a prompt gives the same bits however its tiled chunks are cut.
//
// Why: on the per-row path every key widens and re-rounds each head's f16 accumulators; a 512-token SmolLM2 prefill
// spent 23% of its time there (AVX2 kernels, `perf`). Here each key and value is widened once per tile for all rows
// and all heads of its KV head, and the products are f32 multiply-adds held in registers (TiledAttentionKernels.swift).

/// How prompt chunks are cut into query tiles (see the comment at the top of this file).
enum AttentionTiles {
    /// Fewest consecutive rows of one slot that attend in tiles (llama.cpp's `GGML_FA_TILE_Q`).
    static let minimumRows = 64
    /// Most query rows per tile.
    static let rows = 64
    /// Key positions per tile (llama.cpp's `GGML_FA_TILE_KV`): tile `t` holds positions `64·t ..< 64·(t + 1)`.
    static let keys = 64
    /// Work items (each with its own scratch) per pool thread: enough for the pool to balance tiles of unequal
    /// cost (a causal tile late in a prompt attends more positions).
    static let itemsPerThread = 4
}

/// One work item's scratch area in ``RunState/attentionTileScratch``.
struct AttentionTileScratch {
    /// `[head_k, 64]` the tile's keys widened to f32, transposed (position fastest).
    let keys: UnsafeMutablePointer<Float>
    /// `[64, head_v]` the tile's values widened to f32.
    let values: UnsafeMutablePointer<Float>
    /// `[64, 64]` one head's scores of every query row, then their exponentials.
    let scores: UnsafeMutablePointer<Float>
    /// `[heads per KV head, 64]` running maximum score of each head and query row.
    let maxima: UnsafeMutablePointer<Float>
    /// `[heads per KV head, 64]` running sum of exponentials of each head and query row.
    let sums: UnsafeMutablePointer<Float>
    /// `[64]` one row's exponent arguments (`libmExpf` must not write over its input).
    let arguments: UnsafeMutablePointer<Float>

    /// Floats of one area; a multiple of 64, so every area and every part of it stays 256-byte aligned.
    static func floats(_ hp: HyperParameters) -> Int {
        let k = AttentionTiles.keys
        return hp.keyLength * k + k * hp.valueLength + AttentionTiles.rows * k + 2 * headsPerKV(hp) * AttentionTiles.rows
            + k
    }

    /// Query heads per KV head (1 when the model has no KV heads).
    static func headsPerKV(_ hp: HyperParameters) -> Int {
        hp.kvHeadCount > 0 ? max(1, hp.headCount / hp.kvHeadCount) : 1
    }

    /// Area `item` of `state`'s scratch.
    init(item: Int, state: RunState, _ hp: HyperParameters) {
        let base = state.attentionTileScratch + item * Self.floats(hp)
        keys = base
        values = keys + hp.keyLength * AttentionTiles.keys
        scores = values + AttentionTiles.keys * hp.valueLength
        maxima = scores + AttentionTiles.rows * AttentionTiles.keys
        sums = maxima + Self.headsPerKV(hp) * AttentionTiles.rows
        arguments = sums + Self.headsPerKV(hp) * AttentionTiles.rows
    }
}

extension ForwardPass {
    /// Cuts the pass's rows into query tiles (``RunState/attentionTiles``: runs of at least
    /// ``AttentionTiles/minimumRows`` rows, each cut into equal tiles of at most ``AttentionTiles/rows``) and lists
    /// every other row in ``RunState/untiledRows``. With a cache or a head shape the tiles do not handle (f32 cache,
    /// value heads not a multiple of 8 floats), every row is untiled.
    func planAttentionTiles() -> (tiles: Int, untiled: Int) {
        let tileable = cache.type == .f16 && hp.valueLength % 8 == 0 && hp.kvHeadCount > 0
            && hp.headCount % hp.kvHeadCount == 0
        var tiles = 0, untiled = 0, r = 0
        while r < rows {
            var end = r + 1
            while end < rows && state.rowSlot[end] == state.rowSlot[r]
                && state.rowPosition[end] == state.rowPosition[end - 1] + 1 { end += 1 }
            let length = end - r
            if tileable && length >= AttentionTiles.minimumRows {
                let count = (length + AttentionTiles.rows - 1) / AttentionTiles.rows
                var start = r
                for t in 0..<count {
                    let n = length / count + (t < length % count ? 1 : 0)
                    state.attentionTiles[2 * tiles] = start
                    state.attentionTiles[2 * tiles + 1] = n
                    tiles += 1
                    start += n
                }
            } else {
                for row in r..<end {
                    state.untiledRows[untiled] = row
                    untiled += 1
                }
            }
            r = end
        }
        return (tiles, untiled)
    }

    /// Attention of the first `tiles` query tiles of ``RunState/attentionTiles``, every (tile, KV head) a piece of
    /// work, spread over ``RunState/attentionTileSlots`` items that each own a scratch area.
    func attendTiles(layer: Int, tiles: Int) {
        let work = tiles * hp.kvHeadCount
        let items = min(work, state.attentionTileSlots)
        parallel(items, AttentionTilesJob(pass: self, layer: layer, tiles: tiles, kvHeads: hp.kvHeadCount, items: items))
    }

    /// Every query head of KV head `g` for the rows of tile `tile`, writing their ``RunState/attention`` rows.
    func attendTile(layer: Int, tile: Int, kvHead g: Int, scratch: AttentionTileScratch) {
        let r0 = state.attentionTiles[2 * tile], n = state.attentionTiles[2 * tile + 1]
        let dk = hp.keyLength, dv = hp.valueLength, group = AttentionTileScratch.headsPerKV(hp)
        let p0 = state.rowPosition[r0], last = p0 + n - 1
        let window = hp.layers[layer].usesSlidingWindow ? hp.slidingWindow : 0
        let first = window > 0 ? max(0, p0 - window + 1) : 0
        let kv = cache.view(slot: state.rowSlot[r0], layer: layer)
        let queryStride = hp.headCount * dk, outStride = hp.headCount * dv
        let width = AttentionTiles.keys
        for h in 0..<group {
            let out = state.attention + r0 * outStride + (g * group + h) * dv
            for i in 0..<n { (out + i * outStride).initialize(repeating: 0, count: dv) }
            (scratch.maxima + h * AttentionTiles.rows).initialize(repeating: -.infinity, count: n)
            (scratch.sums + h * AttentionTiles.rows).initialize(repeating: 0, count: n)
        }
        for t in (first / width)...(last / width) {
            let base = t * width
            // Positions some row of the tile sees; the score columns computed: those, widened to whole vectors.
            let lo = max(first, base), hi = min(last, base + width - 1)
            let columns = (lo - base) / 8 * 8..<min(width, (hi - base) / 8 * 8 + 8)
            for p in lo...hi {
                let row = kv.row(p)
                widenTransposed(
                    (kv.keyRow(at: row) + g * dk * 2).assumingMemoryBound(to: UInt16.self), count: dk,
                    into: scratch.keys + (p - base), stride: width)
                convertFromHalf(
                    (kv.valueRow(at: row) + g * dv * 2).assumingMemoryBound(to: UInt16.self), count: dv,
                    into: scratch.values + (p - base) * dv)
            }
            for h in 0..<group {
                let head = g * group + h
                let q = state.query + r0 * queryStride + head * dk
                let out = state.attention + r0 * outStride + head * dv
                if referenceAttention {
                    tileScoresReference(
                        queries: q, stride: queryStride, rows: n, keys: scratch.keys, columns: columns, length: dk,
                        into: scratch.scores)
                } else {
                    tileScores(
                        queries: q, stride: queryStride, rows: n, keys: scratch.keys, columns: columns, length: dk,
                        into: scratch.scores)
                }
                for i in 0..<n {
                    let position = p0 + i
                    let visible = (window > 0 ? max(0, position - window + 1) : 0)...position
                    tileSoftmax(
                        scratch.scores + i * width, base: base, columns: columns, visible: visible,
                        maximum: scratch.maxima + h * AttentionTiles.rows + i,
                        sum: scratch.sums + h * AttentionTiles.rows + i, values: out + i * outStride, count: dv,
                        arguments: scratch.arguments)
                }
                let keys = (lo - base)...(hi - base)
                if referenceAttention {
                    tileValuesReference(
                        scores: scratch.scores, rows: n, values: scratch.values, keys: keys, length: dv, into: out,
                        stride: outStride)
                } else {
                    tileValues(
                        scores: scratch.scores, rows: n, values: scratch.values, keys: keys, length: dv, into: out,
                        stride: outStride)
                }
            }
        }
        for h in 0..<group {
            let out = state.attention + r0 * outStride + (g * group + h) * dv
            for i in 0..<n {
                let sum = scratch.sums[h * AttentionTiles.rows + i]
                scale(out + i * outStride, by: sum == 0 ? 0 : 1 / sum, count: dv, into: out + i * outStride)
            }
        }
    }

    /// One query row's scores of one key tile, turned into its exponentials in place (ggml's tiled softmax step):
    /// only the row's visible columns within `columns` keep a score (times the attention scale; the others are ggml's
    /// −∞, whose exponentials are the zeros written there); a row that sees none of the tile gets zeros and keeps its
    /// statistics; otherwise a new maximum rescales the row's weighted values and sum, and the sum grows by the
    /// exponentials' ggml-ordered sum over the whole tile. Exponentials are taken of the visible columns only (`libmExpf`
    /// passes every −∞ to libm one lane at a time).
    private func tileSoftmax(
        _ row: UnsafeMutablePointer<Float>, base: Int, columns: Range<Int>, visible: ClosedRange<Int>,
        maximum: UnsafeMutablePointer<Float>, sum: UnsafeMutablePointer<Float>, values: UnsafeMutablePointer<Float>,
        count: Int, arguments: UnsafeMutablePointer<Float>
    ) {
        let width = AttentionTiles.keys, attentionScale = hp.attentionScale
        let first = max(columns.lowerBound, visible.lowerBound - base)
        let last = min(columns.upperBound - 1, visible.upperBound - base)
        var tileMaximum = -Float.infinity
        if first <= last {
            for c in first...last {
                let x = row[c] * attentionScale
                row[c] = x
                tileMaximum = max(tileMaximum, x)
            }
        }
        guard tileMaximum > -.infinity else {
            row.initialize(repeating: 0, count: width)
            return
        }
        let old = maximum.pointee, new = max(old, tileMaximum)
        if new > old {
            let ms = expf(old - new)
            scale(values, by: ms, count: count, into: values)
            sum.pointee *= ms
        }
        maximum.pointee = new
        let n = last - first + 1
        for c in 0..<n { arguments[c] = row[first + c] - new }
        row.initialize(repeating: 0, count: width)
        if referenceAttention {
            for c in 0..<n { row[first + c] = expf(arguments[c]) }
        } else {
            libmExpf(arguments, into: row + first, count: n)
        }
        sum.pointee = Float(Double(sum.pointee) + ggmlSoftmaxSum(row, count: width))
    }
}

/// Item `i` of ``ForwardPass/attendTiles(layer:tiles:)``: pieces of work `i, i + items, i + 2·items, …`, piece `w`
/// being KV head `w % kvHeads` of tile `tiles − 1 − w / kvHeads` (the latest tiles, which attend the most positions,
/// first), all in scratch area `i`. A stack value: handing it to the pool allocates nothing.
private struct AttentionTilesJob: ParallelJob {
    let pass: ForwardPass
    let layer: Int
    let tiles: Int
    let kvHeads: Int
    let items: Int

    func run(_ item: Int) {
        let scratch = AttentionTileScratch(item: item, state: pass.state, pass.hp)
        var w = item
        while w < tiles * kvHeads {
            pass.attendTile(layer: layer, tile: tiles - 1 - w / kvHeads, kvHead: w % kvHeads, scratch: scratch)
            w += items
        }
    }
}
