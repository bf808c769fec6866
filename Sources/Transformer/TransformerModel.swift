public import GGUF
import Kernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A loaded model ready to run: hyperparameters, weights bound in the file mapping, a KV cache with a fixed number
/// of sequence slots, and preallocated run buffers. ``forward(_:)`` runs one batch of token rows from any number of
/// slots through every layer.
///
/// - Important: Not thread-safe. One caller (the engine's loop) owns the model and calls ``forward(_:)`` and the
///   slot operations one at a time; the model uses its own worker threads inside each call. Logits returned by
///   ``forward(_:)`` are valid until the next call.
public final class TransformerModel: @unchecked Sendable {
    /// The model's hyperparameters.
    public let hyperParameters: HyperParameters
    /// Positions each slot can hold.
    public let contextLength: Int
    /// Number of sequence slots.
    public let slotCount: Int
    /// Most tokens one forward pass may carry.
    public let maxBatchTokens: Int
    /// Element type of the KV cache.
    public let kvCacheType: KVCacheType
    /// How GeGLU blocks evaluate GELU (``TransformerOptions/gelu``).
    public let gelu: GELUEvaluation
    /// Whether attention runs its plain reference (``TransformerOptions/referenceAttention``).
    let referenceAttention: Bool
    /// Whether the file has no `output.weight` and the token embedding doubles as the LM head.
    public var outputIsTied: Bool { weights.outputIsTied }
    /// `general.architecture` values this build can run.
    public static var supportedArchitectures: [String] { ArchitectureRegistry.names }

    private let architecture: any Architecture.Type
    private let weights: Weights
    private let cache: KVCache
    private let state: RunState
    private let pool: WorkerPool?
    /// Distinct RoPE (base, scale) pairs, and which one each layer uses.
    private let ropeBases: [(base: Float, scale: Float)]
    private let ropeTable: [Int]
    /// Per-slot flags reused by batch validation.
    private var slotSeen: [Bool]

    /// Loads the model in `file` (which must stay open; its mapping is used in place).
    public init(file: GGUFFile, options: TransformerOptions = TransformerOptions()) throws(TransformerError) {
        let architecture = try ArchitectureRegistry.architecture(named: file.architecture)
        let binder = WeightBinder(file: file)
        let vocabularySize = try binder.rowCount(of: "token_embd.weight")
        let reader = MetadataReader(metadata: file.metadata, architecture: architecture.name)
        let hp = try architecture.hyperParameters(reader, vocabularySize: vocabularySize)
        // Llama 3.1-style per-dimension RoPE frequency factors are not applied yet; refuse rather than run wrongly.
        if file.tensor(named: "rope_freqs.weight") != nil {
            throw .unsupportedRopeScaling(type: "per-dimension frequency factors (rope_freqs.weight)")
        }
        let contextLength = options.contextLength ?? hp.contextLength
        guard contextLength <= hp.contextLength else {
            throw .contextLengthTooLarge(requested: contextLength, modelMaximum: hp.contextLength)
        }
        guard contextLength > 0 else {
            throw .invalidOption(name: "contextLength", value: contextLength, reason: "must be positive")
        }
        guard options.slotCount > 0 else {
            throw .invalidOption(name: "slotCount", value: options.slotCount, reason: "must be positive")
        }
        guard options.maxBatchTokens > 0 else {
            throw .invalidOption(name: "maxBatchTokens", value: options.maxBatchTokens, reason: "must be positive")
        }
        if let threads = options.threadCount, threads <= 0 {
            throw .invalidOption(name: "threadCount", value: threads, reason: "must be positive")
        }
        weights = try Weights(file: file, hyperParameters: hp) { (il, binder) throws(TransformerError) in
            try architecture.bindLayer(il, hp, binder)
        }
        var bases: [(base: Float, scale: Float)] = []
        var table: [Int] = []
        for layer in hp.layers {
            if let i = bases.firstIndex(where: { $0.base == layer.ropeFreqBase && $0.scale == layer.ropeFreqScale }) {
                table.append(i)
            } else {
                table.append(bases.count)
                bases.append((layer.ropeFreqBase, layer.ropeFreqScale))
            }
        }
        self.architecture = architecture
        hyperParameters = hp
        self.contextLength = contextLength
        slotCount = options.slotCount
        maxBatchTokens = options.maxBatchTokens
        kvCacheType = options.kvCacheType
        gelu = options.gelu
        referenceAttention = options.referenceAttention
        ropeBases = bases
        ropeTable = table
        cache = KVCache(
            type: options.kvCacheType, slotCount: options.slotCount, contextLength: contextLength,
            hyperParameters: hp, maxBatchTokens: options.maxBatchTokens, slidingWindowRing: options.slidingWindowRing)
        let threads = options.threadCount ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        state = RunState(
            hyperParameters: hp, maxRows: options.maxBatchTokens, ropeBases: bases.count,
            feedForwardChunkRows: options.feedForwardChunkRows, attentionChunkLimit: contextLength / AttentionChunks.size + 2,
            attentionTileSlots: AttentionTiles.itemsPerThread * max(1, threads))
        pool = threads > 1 ? WorkerPool(threadCount: threads) : nil
        slotSeen = Array(repeating: false, count: options.slotCount)
    }

    /// Positions `slot` holds (where its next entry must start).
    public func length(ofSlot slot: Int) throws(TransformerError) -> Int {
        try checkSlot(slot)
        return cache.lengths[slot]
    }

    /// Empties `slot` (a finished or cancelled sequence frees it this way).
    public func clear(slot: Int) throws(TransformerError) {
        try checkSlot(slot)
        cache.clear(slot: slot)
    }

    /// Keeps only positions `0 ..< length` of `slot`, so a new suffix can follow a reused prefix.
    public func truncate(slot: Int, to length: Int) throws(TransformerError) {
        try checkSlot(slot)
        try cache.truncate(slot: slot, to: length)
    }

    /// Copies positions `0 ..< length` of every layer's keys and values from slot `source` into slot `target`, which
    /// then holds exactly that prefix (its old contents are dropped), so a sequence sharing a prompt prefix with
    /// another need not prefill it again.
    /// - Throws: `invalidSlot`; `truncationUnavailable` when `source == target`, the source holds fewer positions,
    ///   or its sliding-window ring no longer holds the rows the prefix needs (then prefill from scratch instead).
    public func copyPrefix(from source: Int, to target: Int, length: Int) throws(TransformerError) {
        try checkSlot(source)
        try checkSlot(target)
        try cache.copyPrefix(from: source, to: target, length: length)
    }

    /// Bytes the KV cache reserves for all slots (keys and values of every layer).
    public var kvCacheBytes: Int { cache.reservedBytes }

    /// Runs one batch: every entry's tokens become rows of one pass through every layer (each weight is read once
    /// for all rows); attention runs per entry against its own slot. Appends the tokens' keys and values to their
    /// slots and returns the requested logits, in entry order.
    ///
    /// Everything is checked before anything is touched: slots, positions (each entry must continue its slot),
    /// the context limit, token ids and the batch size.
    public func forward(_ batch: [BatchEntry]) throws(TransformerError) -> ForwardOutput {
        try validate(batch)
        let s = state
        let vocabulary = hyperParameters.vocabularySize
        guard !batch.isEmpty else {
            return ForwardOutput(logits: UnsafeBufferPointer(start: s.logits, count: 0), rowCount: 0, vocabularySize: vocabulary)
        }
        let n = hyperParameters.embeddingLength
        var rows = 0, outputs = 0
        for entry in batch {
            let last = entry.tokens.count - 1
            for (i, token) in entry.tokens.enumerated() {
                s.rowSlot[rows] = entry.slot
                s.rowPosition[rows] = entry.startPosition + i
                s.rowToken[rows] = token
                if entry.logits == .all || (entry.logits == .last && i == last) {
                    s.outputRows[outputs] = rows
                    outputs += 1
                }
                rows += 1
            }
        }
        prepareRoPE(rows: rows)
        let scale = hyperParameters.embeddingScale
        for r in 0..<rows {
            let x = s.residual + r * n
            weights.tokenEmbedding.dequantizeRow(Int(s.rowToken[r]), into: x)
            if scale != 1 {
                for i in 0..<n { x[i] *= scale }
            }
        }
        var pass = ForwardPass(
            hp: hyperParameters, state: s, cache: cache, pool: pool, rows: rows, outputRows: s.outputRows,
            outputCount: outputs, lastLayer: hyperParameters.layerCount - 1, ropeTable: ropeTable,
            gelu: gelu, referenceAttention: referenceAttention)
        for il in 0..<hyperParameters.layerCount {
            architecture.forwardLayer(il, weights.layers[il], &pass)
        }
        for entry in batch {
            cache.didWrite(slot: entry.slot, length: entry.startPosition + entry.tokens.count)
        }
        computeLogits(outputs: outputs)
        return ForwardOutput(
            logits: UnsafeBufferPointer(start: s.logits, count: outputs * vocabulary), rowCount: outputs,
            vocabularySize: vocabulary)
    }

    private func checkSlot(_ slot: Int) throws(TransformerError) {
        guard slot >= 0, slot < slotCount else { throw .invalidSlot(slot: slot, slotCount: slotCount) }
    }

    /// Checks a batch completely before any state changes.
    private func validate(_ batch: [BatchEntry]) throws(TransformerError) {
        var total = 0
        defer { for entry in batch where entry.slot >= 0 && entry.slot < slotCount { slotSeen[entry.slot] = false } }
        for entry in batch {
            try checkSlot(entry.slot)
            guard !slotSeen[entry.slot] else { throw .duplicateSlot(slot: entry.slot) }
            slotSeen[entry.slot] = true
            guard !entry.tokens.isEmpty else { throw .emptyEntry(slot: entry.slot) }
            let length = cache.lengths[entry.slot]
            guard entry.startPosition == length else {
                throw .positionMismatch(slot: entry.slot, expected: length, actual: entry.startPosition)
            }
            guard entry.startPosition + entry.tokens.count <= contextLength else {
                throw .contextOverflow(
                    slot: entry.slot, position: entry.startPosition + entry.tokens.count - 1, limit: contextLength)
            }
            for token in entry.tokens where token < 0 || Int(token) >= hyperParameters.vocabularySize {
                throw .invalidToken(id: token, vocabularySize: hyperParameters.vocabularySize)
            }
            total += entry.tokens.count
        }
        guard total <= maxBatchTokens else { throw .batchTooLarge(tokens: total, limit: maxBatchTokens) }
    }

    /// Fills the cos/sin tables of every row for every distinct RoPE base.
    private func prepareRoPE(rows: Int) {
        let half = hyperParameters.ropeDimensionCount / 2
        for (t, rope) in ropeBases.enumerated() {
            for r in 0..<rows {
                let offset = (t * state.maxRows + r) * half
                ropeAngles(
                    position: state.rowPosition[r], dimensions: hyperParameters.ropeDimensionCount, base: rope.base,
                    freqScale: rope.scale, cos: state.ropeCos + offset, sin: state.ropeSin + offset)
            }
        }
    }

    /// Final norm and LM head for the wanted rows, which the last layer left at the front of the residual:
    /// `logits[o] = W_out · rmsnorm(residual[o])`.
    private func computeLogits(outputs: Int) {
        guard outputs > 0 else { return }
        let s = state
        let hp = hyperParameters
        let n = hp.embeddingLength
        for o in 0..<outputs {
            let x = s.residual + o * n
            ggmlRMSNorm(x, weight: weights.outputNorm.base, count: n, epsilon: hp.rmsEpsilon, into: s.headInput + o * n)
        }
        s.matmul(
            weights.output, s.headInput, stride: n, columns: outputs, into: s.logits, stride: hp.vocabularySize,
            pool: pool)
        let cap = hp.finalLogitSoftcap
        if cap > 0 {
            let inverse = 1 / cap
            for i in 0..<(outputs * hp.vocabularySize) {
                s.logits[i] = tanhf(s.logits[i] * inverse) * cap
            }
        }
    }
}
