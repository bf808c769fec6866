import Kernels

/// Preallocated activation buffers for one forward pass of up to `maxRows` token rows (llama2.c's `RunState`).
/// Every buffer is row-major with one row per token of the batch; nothing is allocated per step.
///
/// - Important: Not thread-safe; owned by the model. Blocks split work across the worker pool but each item writes
///   only its own rows or heads.
final class RunState {
    /// Most token rows one forward pass may hold.
    let maxRows: Int

    /// `[maxRows, n_embd]` the residual stream.
    let residual: UnsafeMutablePointer<Float>
    /// `[maxRows, n_embd]` normalized input of the current block.
    let normed: UnsafeMutablePointer<Float>
    /// `[maxRows, n_embd]` output of the current attention or feed-forward block.
    let projected: UnsafeMutablePointer<Float>
    /// `[maxRows, n_head·head_k]` queries.
    let query: UnsafeMutablePointer<Float>
    /// `[maxRows, n_kv·head_k]` keys of the batch's tokens.
    let key: UnsafeMutablePointer<Float>
    /// `[maxRows, n_kv·head_v]` values of the batch's tokens.
    let value: UnsafeMutablePointer<Float>
    /// `[maxRows, n_head·head_v]` attention output, heads side by side.
    let attention: UnsafeMutablePointer<Float>
    /// `[maxRows, n_head·head_k]` f16 bit patterns: each query rounded to f16 (the attention's own copy).
    let queryHalf: UnsafeMutablePointer<UInt16>
    /// `[maxRows, n_head·head_v]` f16 bit patterns: the f16 accumulators of the attention's weighted value sums.
    let accumulatorHalf: UnsafeMutablePointer<UInt16>
    /// Most chunks a lone decode row's attention is cut into (SplitAttention.swift).
    let attentionChunkLimit: Int
    /// `[attentionChunkLimit, n_head, 2]` per chunk and head of a cut row: maximum and sum of exponentials.
    let chunkStatistics: UnsafeMutablePointer<Float>
    /// `[attentionChunkLimit, n_head·head_v]` f16 bit patterns: each chunk's own weighted sums of values.
    let chunkAccumulators: UnsafeMutablePointer<UInt16>
    /// `[maxRows / 32 + 1, 2]` first row and row count of each query tile of the current layer's tiled attention
    /// (TiledAttention.swift).
    let attentionTiles: UnsafeMutablePointer<Int>
    /// `[maxRows]` the rows the current layer attends one at a time (those not in a tile), increasing.
    let untiledRows: UnsafeMutablePointer<Int>
    /// Independent scratch areas of the tiled attention, one per work item handed to the pool.
    let attentionTileSlots: Int
    /// `[attentionTileSlots, AttentionTileScratch.floats(hp)]` the tiled attention's scratch areas.
    let attentionTileScratch: UnsafeMutablePointer<Float>
    /// Most rows per feed-forward chunk (see ``FeedForwardChunks``).
    let feedForwardRows: Int
    /// `[min(maxRows, feedForwardRows), n_ff]` feed-forward gate projection, then the activated product.
    let gate: UnsafeMutablePointer<Float>
    /// `[min(maxRows, feedForwardRows), n_ff]` feed-forward up projection.
    let up: UnsafeMutablePointer<Float>
    /// `[maxRows, n_embd]` final-norm input of the rows whose logits are wanted.
    let headInput: UnsafeMutablePointer<Float>
    /// `[maxRows, vocab]` logits of the wanted rows.
    let logits: UnsafeMutablePointer<Float>
    /// `[ropeBases, maxRows, n_rot/2]` cos and sin of every row's position, per distinct RoPE (base, scale).
    let ropeCos: UnsafeMutablePointer<Float>, ropeSin: UnsafeMutablePointer<Float>

    /// `[maxRows]` slot of each row.
    let rowSlot: UnsafeMutablePointer<Int>
    /// `[maxRows]` position of each row.
    let rowPosition: UnsafeMutablePointer<Int>
    /// `[maxRows]` token id of each row.
    let rowToken: UnsafeMutablePointer<Int32>
    /// `[maxRows]` indices of the rows whose logits are wanted, in output order.
    let outputRows: UnsafeMutablePointer<Int>

    /// Activation scratch of the matmuls.
    let matmulScratch: MatMulScratch
    /// `[maxRows][ggmlExactActivationBytes]` quantized activations for the ggml-exact matmuls.
    let exactActivations: UnsafeMutableRawPointer

    private var allocations: [UnsafeMutableRawPointer] = []

    init(
        hyperParameters hp: HyperParameters, maxRows: Int, ropeBases: Int, feedForwardChunkRows: Int,
        attentionChunkLimit: Int, attentionTileSlots: Int
    ) {
        self.maxRows = maxRows
        feedForwardRows = FeedForwardChunks.height(feedForwardChunkRows)
        var allocations: [UnsafeMutableRawPointer] = []
        func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 4, alignment: 64)
            allocations.append(raw)
            return raw.bindMemory(to: Float.self, capacity: max(1, count))
        }
        func halves(_ count: Int) -> UnsafeMutablePointer<UInt16> {
            let raw = UnsafeMutableRawPointer.allocate(byteCount: max(1, count) * 2, alignment: 64)
            allocations.append(raw)
            return raw.bindMemory(to: UInt16.self, capacity: max(1, count))
        }
        let n = hp.embeddingLength
        let ff = hp.maxFeedForwardLength
        residual = floats(maxRows * n)
        normed = floats(maxRows * n)
        projected = floats(maxRows * n)
        query = floats(maxRows * hp.queryWidth)
        key = floats(maxRows * hp.keyWidth)
        value = floats(maxRows * hp.valueWidth)
        attention = floats(maxRows * hp.attentionOutputWidth)
        queryHalf = halves(maxRows * hp.queryWidth)
        accumulatorHalf = halves(maxRows * hp.attentionOutputWidth)
        self.attentionChunkLimit = attentionChunkLimit
        chunkStatistics = floats(attentionChunkLimit * hp.headCount * 2)
        chunkAccumulators = halves(attentionChunkLimit * hp.attentionOutputWidth)
        attentionTiles = .allocate(capacity: 2 * (maxRows / 32 + 1))
        untiledRows = .allocate(capacity: max(1, maxRows))
        // No more areas than pieces of tiled work a pass can have (tiles × KV heads), whatever the thread count.
        self.attentionTileSlots = max(1, min(attentionTileSlots, (maxRows / 32 + 1) * max(1, hp.kvHeadCount)))
        attentionTileScratch = floats(self.attentionTileSlots * AttentionTileScratch.floats(hp))
        let ffRows = min(maxRows, feedForwardRows)
        gate = floats(ffRows * ff)
        up = floats(ffRows * ff)
        headInput = floats(maxRows * n)
        logits = floats(maxRows * hp.vocabularySize)
        ropeCos = floats(ropeBases * maxRows * hp.ropeDimensionCount / 2)
        ropeSin = floats(ropeBases * maxRows * hp.ropeDimensionCount / 2)
        rowSlot = .allocate(capacity: maxRows)
        rowPosition = .allocate(capacity: maxRows)
        rowToken = .allocate(capacity: maxRows)
        outputRows = .allocate(capacity: maxRows)
        let widest = max(n, hp.queryWidth, hp.attentionOutputWidth, ff)
        matmulScratch = MatMulScratch(maxColumns: maxRows, maxLength: widest)
        exactActivations = .allocate(byteCount: maxRows * ggmlExactActivationBytes(length: widest), alignment: 64)
        allocations.append(exactActivations)
        self.allocations = allocations
    }

    deinit {
        for p in allocations { p.deallocate() }
        rowSlot.deallocate()
        rowPosition.deallocate()
        rowToken.deallocate()
        outputRows.deallocate()
        attentionTiles.deallocate()
        untiledRows.deallocate()
    }
}

extension RunState {
    /// `output[c] = W · input[c]` for `columns` rows of activations: ggml-exact kernels for the formats Kernels
    /// rounds differently from llama.cpp (``ggmlExactMatMulHandles(_:)``), Kernels' `matmul` for the rest.
    func matmul(
        _ w: WeightMatrix, _ input: UnsafePointer<Float>, stride inputStride: Int, columns: Int,
        into output: UnsafeMutablePointer<Float>, stride outputStride: Int, pool: WorkerPool?
    ) {
        if ggmlExactMatMulHandles(w) {
            ggmlExactMatMul(
                w, input: input, inputStride: inputStride, columns: columns, output: output,
                outputStride: outputStride, activations: exactActivations, pool: pool)
        } else {
            Kernels.matmul(
                w, input: input, inputStride: inputStride, columns: columns, output: output,
                outputStride: outputStride, scratch: matmulScratch, pool: pool)
        }
    }

    /// `target.output[c] = target.weights · input[c]` for two or three targets that read the same input (Q/K/V,
    /// gate/up): the targets that share a kernel family and activation format run as one group (one activation
    /// quantization, one pass over the pool); the others run alone. Results are the same as separate ``matmul``s.
    func matmulGroup(
        _ targets: (MatMulTarget, MatMulTarget, MatMulTarget?), _ input: UnsafePointer<Float>, stride inputStride: Int,
        columns: Int, pool: WorkerPool?
    ) {
        let (a, b, c) = targets
        func compatible(_ x: MatMulTarget, _ y: MatMulTarget) -> Bool {
            ggmlExactMatMulHandles(x.weights) == ggmlExactMatMulHandles(y.weights) && canGroup(x.weights, y.weights)
        }
        func run(_ x: MatMulTarget, _ y: MatMulTarget?, _ z: MatMulTarget?) {
            guard let y else {
                matmul(x.weights, input, stride: inputStride, columns: columns, into: x.output, stride: x.stride,
                       pool: pool)
                return
            }
            if ggmlExactMatMulHandles(x.weights) {
                ggmlExactMatMulGroup(
                    x, y, z, input: input, inputStride: inputStride, columns: columns, activations: exactActivations,
                    pool: pool)
            } else {
                Kernels.matmulGroup(
                    x, y, z, input: input, inputStride: inputStride, columns: columns, scratch: matmulScratch,
                    pool: pool)
            }
        }
        guard let c else {
            if compatible(a, b) {
                run(a, b, nil)
            } else {
                run(a, nil, nil)
                run(b, nil, nil)
            }
            return
        }
        switch (compatible(a, b), compatible(a, c), compatible(b, c)) {
        case (true, true, _): run(a, b, c)
        case (true, false, _): run(a, b, nil); run(c, nil, nil)
        case (false, true, _): run(a, c, nil); run(b, nil, nil)
        case (false, false, true): run(a, nil, nil); run(b, c, nil)
        case (false, false, false): run(a, nil, nil); run(b, nil, nil); run(c, nil, nil)
        }
    }
}
