#if canImport(KernelsX86)
import KernelsX86
#endif

/// A weight matrix in its file's block format: `rows` rows of `columns` elements, each row `rowBytes` bytes apart
/// (`[rows, columns]` row-major in blocks; ggml's `ne0 = columns`, `ne1 = rows`). Points into mmapped model memory
/// that must outlive every use.
public struct WeightMatrix: @unchecked Sendable {
    /// The block format.
    public let format: WeightFormat
    /// Output rows.
    public let rows: Int
    /// Elements per row (the input length).
    public let columns: Int
    /// Bytes from one row to the next.
    public let rowBytes: Int
    /// The first row.
    public let base: UnsafeRawPointer

    /// A matrix over `base`; throws when `columns` is not a whole number of `format` blocks.
    public init(format: WeightFormat, rows: Int, columns: Int, base: UnsafeRawPointer) throws(KernelError) {
        guard let rowBytes = format.rowBytes(columns: columns) else {
            throw .rowLengthNotMultipleOfBlock(format: format, columns: columns)
        }
        self.format = format
        self.rows = rows
        self.columns = columns
        self.rowBytes = rowBytes
        self.base = base
    }

    /// Bytes of the whole matrix.
    public var byteCount: Int { rows * rowBytes }

    /// Row `r` dequantized to f32 (`[columns]` floats into `output`), e.g. a token embedding.
    public func dequantizeRow(_ r: Int, into output: UnsafeMutablePointer<Float>) {
        precondition(r >= 0 && r < rows, "row \(r) out of 0..<\(rows)")
        dequantize(base + r * rowBytes, format: format, count: columns, into: output)
    }
}

/// `y[c][r] = Σ_k W[r][k] · x[c][k]` for `columns` activation columns (B = 1 for decode, more for prefill and
/// batched decode): the activations are quantized once to `w.format.activationFormat` (bit-exact with llama.cpp),
/// then rows are split into chunks that the pool's threads claim dynamically; each unpacked weight block is reused
/// across up to 4 columns held in registers.
///
/// - Parameters:
///   - input: `[columns][inputStride]` floats; the first `w.columns` of each row are used.
///   - output: `[columns][outputStride]` floats; the first `w.rows` of each row are written.
///   - scratch: sized for at least `columns` × `w.columns`.
///   - pool: the threads to use; `nil` runs on the calling thread.
public func matmul(
    _ w: WeightMatrix, input: UnsafePointer<Float>, inputStride: Int, columns: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int, scratch: MatMulScratch, pool: WorkerPool?
) {
    guard columns > 0, w.rows > 0 else { return }
    let packed = scratch.pack(
        input, stride: inputStride, columns: columns, length: w.columns, format: w.format.activationFormat,
        pool: pool, spread: !readsOnlyBlocks(w.format))
    let threads = pool?.threadCount ?? 1
    let chunk = chunkRows(rows: w.rows, threads: threads)
    let chunkCount = (w.rows + chunk - 1) / chunk
    let job = MatMulJob(
        w: w, packed: packed, chunk: chunk, columns: columns, output: output, outputStride: outputStride)
    if let pool, chunkCount > 1 {
        pool.parallelFor(chunkCount, job)
    } else {
        for i in 0..<chunkCount { job.run(i) }
    }
}

/// One matmul's work items: item `i` computes rows `i·chunk ..< (i+1)·chunk` (a stack value, so that handing it to
/// the pool allocates nothing).
private struct MatMulJob: ParallelJob {
    let w: WeightMatrix
    let packed: PackedActivations
    let chunk: Int
    let columns: Int
    /// `[columns][outputStride]` floats.
    let output: UnsafeMutablePointer<Float>
    let outputStride: Int

    func run(_ index: Int) {
        let start = index * chunk
        multiplyRows(w, packed, rows: start..<Swift.min(w.rows, start + chunk), columns: columns,
                     output: output, outputStride: outputStride)
    }
}

/// One product of a ``matmulGroup(_:_:_:input:inputStride:columns:scratch:pool:)``: a weight matrix and where its
/// output goes (`[columns][stride]` floats, the first `weights.rows` of each written).
public struct MatMulTarget: @unchecked Sendable {
    /// The weights.
    public var weights: WeightMatrix
    /// `[columns][stride]` floats.
    public var output: UnsafeMutablePointer<Float>
    /// Distance between output columns, in floats.
    public var stride: Int

    /// A target writing `weights · x` to `output`.
    public init(_ weights: WeightMatrix, output: UnsafeMutablePointer<Float>, stride: Int) {
        self.weights = weights
        self.output = output
        self.stride = stride
    }
}

/// Two or three matmuls of the same input (Q/K/V, gate/up) in one pass over the pool: the activations are quantized
/// once and the row chunks of all matrices are claimed from one counter, so the group costs one barrier instead of
/// one per matrix. Each output is bit-identical to ``matmul(_:input:inputStride:columns:output:outputStride:scratch:pool:)``.
///
/// - Precondition: every matrix has the same row length and activation format (see ``canGroup(_:_:)``).
public func matmulGroup(
    _ first: MatMulTarget, _ second: MatMulTarget, _ third: MatMulTarget? = nil,
    input: UnsafePointer<Float>, inputStride: Int, columns: Int, scratch: MatMulScratch, pool: WorkerPool?
) {
    precondition(canGroup(first.weights, second.weights) && (third.map { canGroup(first.weights, $0.weights) } ?? true),
                 "matmulGroup needs one row length and activation format")
    guard columns > 0 else { return }
    let w0 = first.weights
    let blocksOnly = readsOnlyBlocks(w0.format) && readsOnlyBlocks(second.weights.format)
        && (third.map { readsOnlyBlocks($0.weights.format) } ?? true)
    let packed = scratch.pack(
        input, stride: inputStride, columns: columns, length: w0.columns, format: w0.format.activationFormat,
        pool: pool, spread: !blocksOnly)
    let threads = pool?.threadCount ?? 1
    let count = third == nil ? 2 : 3
    let third = third ?? first
    let c0 = chunkRows(rows: first.weights.rows, threads: threads)
    let c1 = chunkRows(rows: second.weights.rows, threads: threads)
    let c2 = chunkRows(rows: third.weights.rows, threads: threads)
    let n0 = (first.weights.rows + c0 - 1) / c0
    let n1 = (second.weights.rows + c1 - 1) / c1
    let n2 = count == 3 ? (third.weights.rows + c2 - 1) / c2 : 0
    let job = MatMulGroupJob(
        targets: (first, second, third), chunks: (c0, c1, c2), n0: n0, n1: n1, packed: packed, columns: columns)
    let total = n0 + n1 + n2
    if let pool, total > 1 {
        pool.parallelFor(total, job)
    } else {
        for i in 0..<total { job.run(i) }
    }
}

/// A matmul group's work items: the row chunks of the first matrix, then the second's, then the third's.
private struct MatMulGroupJob: ParallelJob {
    let targets: (MatMulTarget, MatMulTarget, MatMulTarget)
    /// Rows per item of each matrix.
    let chunks: (Int, Int, Int)
    /// Items of the first and second matrix.
    let n0: Int, n1: Int
    let packed: PackedActivations
    let columns: Int

    func run(_ item: Int) {
        let (m, chunk, index) = item < n0 ? (targets.0, chunks.0, item)
            : item < n0 + n1 ? (targets.1, chunks.1, item - n0) : (targets.2, chunks.2, item - n0 - n1)
        let start = index * chunk
        multiplyRows(m.weights, packed, rows: start..<Swift.min(m.weights.rows, start + chunk), columns: columns,
                     output: m.output, outputStride: m.stride)
    }
}

/// Whether `a` and `b` can share one ``matmulGroup(_:_:_:input:inputStride:columns:scratch:pool:)``: same row length
/// and same activation format.
public func canGroup(_ a: WeightMatrix, _ b: WeightMatrix) -> Bool {
    a.columns == b.columns && a.format.activationFormat == b.format.activationFormat
}

/// Matrix–vector product `y = W·x` (one column).
public func matvec(
    _ w: WeightMatrix, input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, scratch: MatMulScratch,
    pool: WorkerPool?
) {
    matmul(w, input: input, inputStride: w.columns, columns: 1, output: output, outputStride: w.rows,
           scratch: scratch, pool: pool)
}

/// ``matmul(_:input:inputStride:columns:output:outputStride:scratch:pool:)`` on the calling thread with the Swift
/// kernel of every format, even where `matmul` uses a KernelsX86 kernel (Q4_1, Q8_0): the reference twin of those,
/// and what `matmul` runs with ``KernelVariant/portable``.
package func matmulSwiftKernels(
    _ w: WeightMatrix, input: UnsafePointer<Float>, inputStride: Int, columns: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int, scratch: MatMulScratch
) {
    guard columns > 0, w.rows > 0 else { return }
    let packed = scratch.pack(
        input, stride: inputStride, columns: columns, length: w.columns, format: w.format.activationFormat)
    if w.format == .q4_1 {
        tiled(BlockQ4_1.self, w, packed, 0..<w.rows, columns, output, outputStride)
    } else if w.format == .q8_0 {
        tiled(BlockQ8_0.self, w, packed, 0..<w.rows, columns, output, outputStride)
    } else {
        multiplyRows(w, packed, rows: 0..<w.rows, columns: columns, output: output, outputStride: outputStride)
    }
}

/// Rows per work item: at most 64 (llama.cpp's decode chunk), at least four items per thread, and a whole number
/// of items per thread: 576 rows on 2 threads are 10 items of 58 rows, not 9 of 64 that leave one thread idle for
/// the ninth.
func chunkRows(rows: Int, threads: Int) -> Int {
    if threads <= 1 { return rows }
    let items = Swift.max(4 * threads, (rows + 63) / 64)
    let evenItems = (items + threads - 1) / threads * threads
    return Swift.max(1, (rows + evenItems - 1) / evenItems)
}

/// Whether `format`'s kernel in ``multiplyRows(_:_:rows:columns:output:outputStride:)`` reads only the packed
/// activations' ggml blocks, `scales` and `aux` (the KernelsX86 kernels for Q4_1 and Q8_0), so packing can skip the
/// widened copy the Swift kernels read.
func readsOnlyBlocks(_ format: WeightFormat) -> Bool {
    #if canImport(KernelsX86)
    return !KernelVariant.portableActive && (format == .q4_1 || format == .q8_0)
    #else
    return false
    #endif
}

/// Computes output rows `rows` for all columns, dispatching to the format's kernel.
func multiplyRows(
    _ w: WeightMatrix, _ a: PackedActivations, rows: Range<Int>, columns: Int,
    output: UnsafeMutablePointer<Float>, outputStride: Int
) {
    switch w.format {
    case .f32: tiled(BlockF32.self, w, a, rows, columns, output, outputStride)
    case .f16: tiled(BlockF16.self, w, a, rows, columns, output, outputStride)
    case .bf16: tiled(BlockBF16.self, w, a, rows, columns, output, outputStride)
    case .q4_0: tiled(BlockQ4_0.self, w, a, rows, columns, output, outputStride)
    case .q4_1:
        #if canImport(KernelsX86)
        // `!a.spread`: packed for this kernel, which then runs even if a test switched the variant meanwhile.
        if !KernelVariant.portableActive || !a.spread {
            // The AVX2 C kernel computes exactly what BlockQ4_1.dot computes (its reference twin; AVX2TwinTests).
            swl_q4_1_q8_1_rows(
                w.base, w.rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), a.raw, a.rawColumnBytes,
                a.scales, a.aux, Int32(columns), Int32(a.blocks), output, outputStride)
            return
        }
        #endif
        tiled(BlockQ4_1.self, w, a, rows, columns, output, outputStride, prefetch: true)
    case .q5_0: tiled(BlockQ5_0.self, w, a, rows, columns, output, outputStride)
    case .q5_1: tiled(BlockQ5_1.self, w, a, rows, columns, output, outputStride)
    case .q8_0:
        #if canImport(KernelsX86)
        if !KernelVariant.portableActive || !a.spread {
            // The AVX2 C kernel computes exactly what BlockQ8_0.dot computes (its reference twin; AVX2TwinTests).
            swl_q8_0_q8_0_rows(
                w.base, w.rowBytes, Int32(rows.lowerBound), Int32(rows.upperBound), a.raw, a.rawColumnBytes,
                a.scales, Int32(columns), Int32(a.blocks), output, outputStride)
            return
        }
        #endif
        tiled(BlockQ8_0.self, w, a, rows, columns, output, outputStride, prefetch: true)
    case .q4_K: tiled(BlockQ4_K.self, w, a, rows, columns, output, outputStride)
    case .q5_K: tiled(BlockQ5_K.self, w, a, rows, columns, output, outputStride)
    case .q6_K: tiled(BlockQ6_K.self, w, a, rows, columns, output, outputStride)
    }
}

/// A format's row kernel: one weight row against `T.count` packed activation columns starting at `column`.
protocol RowKernel {
    /// Returns the dot products in lanes `0..<T.count`.
    static func dot<T: ColumnTile>(
        _ row: UnsafeRawPointer, _ a: PackedActivations, column: Int, _: T.Type
    ) -> SIMD4<Float>
}

extension BlockF32: RowKernel {}
extension BlockF16: RowKernel {}
extension BlockBF16: RowKernel {}
extension BlockQ4_0: RowKernel {}
extension BlockQ4_1: RowKernel {}
extension BlockQ5_0: RowKernel {}
extension BlockQ5_1: RowKernel {}
extension BlockQ8_0: RowKernel {}
extension BlockQ4_K: RowKernel {}
extension BlockQ5_K: RowKernel {}
extension BlockQ6_K: RowKernel {}

/// Loops column groups of up to 4 × rows with the kernel specialized per group width. Each group re-reads the
/// chunk's weight rows, which are then cache-resident. With `prefetch` (the portable path of the formats whose C
/// kernels prefetch), the first group asks for each row's bytes ``prefetchDistance`` ahead before reading it.
func tiled<K: RowKernel>(
    _: K.Type, _ w: WeightMatrix, _ a: PackedActivations, _ rows: Range<Int>, _ columns: Int,
    _ output: UnsafeMutablePointer<Float>, _ outputStride: Int, prefetch: Bool = false
) {
    var c = 0
    while c < columns {
        let width = Swift.min(4, columns - c)
        for r in rows {
            let row = w.base + r * w.rowBytes
            if prefetch && c == 0 { prefetchRow(row, bytes: w.rowBytes) }
            let y: SIMD4<Float>
            switch width {
            case 1: y = K.dot(row, a, column: c, Tile1.self)
            case 2: y = K.dot(row, a, column: c, Tile2.self)
            case 3: y = K.dot(row, a, column: c, Tile3.self)
            default: y = K.dot(row, a, column: c, Tile4.self)
            }
            for i in 0..<width { output[(c + i) * outputStride + r] = y[i] }
        }
        c += width
    }
}

/// Prefetches the `bytes` bytes ``prefetchDistance`` past `row`, one hint per cache line: past the end of a chunk
/// that is the next rows, which another item reads soon anyway.
@inline(__always)
func prefetchRow(_ row: UnsafeRawPointer, bytes: Int) {
    var offset = 0
    while offset < bytes {
        prefetchCacheLine(row + prefetchDistance + offset)
        offset += 64
    }
}
