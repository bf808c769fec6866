/// Preallocated buffers for ``matmul(_:input:inputStride:columns:output:outputStride:scratch:pool:)``: the packed
/// quantized activations of up to `maxColumns` columns of up to `maxLength` elements. Allocate once per engine and
/// reuse, so a decode step allocates nothing.
///
/// - Important: A scratch holds one matmul's activations at a time; do not share it between concurrent matmuls.
public final class MatMulScratch: @unchecked Sendable {
    /// Most activation columns one call may pass.
    public let maxColumns: Int
    /// Longest activation row (weight row length) one call may pass.
    public let maxLength: Int

    private let capacity: Int  // maxLength rounded up to 256
    private let qs: UnsafeMutablePointer<Int16>  // [maxColumns][capacity]
    private let scales: UnsafeMutablePointer<Float>  // [maxColumns][capacity / 32]
    private let aux: UnsafeMutablePointer<Float>  // [maxColumns][capacity / 32]
    private let sums: UnsafeMutablePointer<Int32>  // [maxColumns][capacity / 256 · 32]
    private let blocks: UnsafeMutableRawPointer  // [maxColumns][columnBytes] in ggml block layout
    private let columnBytes: Int  // bytes of one column in the largest activation format (Q8_K or Q8_1)

    /// Creates buffers for up to `maxColumns` columns of up to `maxLength` elements.
    public init(maxColumns: Int, maxLength: Int) {
        self.maxColumns = Swift.max(1, maxColumns)
        self.maxLength = Swift.max(0, maxLength)
        capacity = (self.maxLength + 255) / 256 * 256
        qs = .allocate(capacity: self.maxColumns * capacity)
        scales = .allocate(capacity: self.maxColumns * capacity / 32)
        aux = .allocate(capacity: self.maxColumns * capacity / 32)
        sums = .allocate(capacity: self.maxColumns * capacity / 256 * 32)
        columnBytes = Swift.max(capacity / 32 * 36, capacity / 256 * 292)
        blocks = .allocate(byteCount: self.maxColumns * columnBytes, alignment: 64)
    }

    deinit {
        qs.deallocate()
        scales.deallocate()
        aux.deallocate()
        sums.deallocate()
        blocks.deallocate()
    }

    /// Quantizes `columns` input rows of `length` floats for `format` and returns the packed view the kernels read.
    /// With a pool and a prefill-sized batch, the columns are quantized on every thread. With `spread` false only
    /// the ggml blocks, `scales` and (Q8_1) `aux` are written — all that the x86 C kernels read (see
    /// ``readsOnlyBlocks(_:)``) — not the widened `qs` and the Q8_0 sums the Swift kernels read.
    func pack(
        _ x: UnsafePointer<Float>, stride: Int, columns: Int, length: Int, format: ActivationFormat,
        pool: WorkerPool? = nil, spread: Bool = true
    ) -> PackedActivations {
        precondition(columns <= maxColumns && length <= maxLength, "matmul of \(columns)×\(length) exceeds scratch")
        let blockCount = format == .f32 ? 0 : length / format.blockElements
        if format != .f32 {
            let job = PackJob(
                scratch: self, x: x, stride: stride, columns: columns, length: length, format: format, spread: spread)
            if let pool, columns >= 2 * PackJob.columnsPerItem {
                pool.parallelFor(job.items, job)
            } else {
                for i in 0..<job.items { job.run(i) }
            }
        }
        return PackedActivations(
            qs: qs, scales: scales, aux: aux, sums: sums, floats: x, floatStride: stride, length: length,
            blocks: blockCount, raw: UnsafeRawPointer(blocks), rawColumnBytes: columnBytes, spread: spread)
    }

    /// Quantizes and packs column `c` of `x` (see ``pack(_:stride:columns:length:format:pool:)``).
    fileprivate func packColumn(
        _ c: Int, _ x: UnsafePointer<Float>, stride: Int, length: Int, format: ActivationFormat, spread: Bool
    ) {
        let blockCount = length / format.blockElements
        let src = x + c * stride
        let column = blocks + c * columnBytes
        quantizeActivations(src, count: length, format: format, into: column)
        let q = qs + c * length
        switch format {
        case .q8_0, .q8_1:
            let blockBytes = format.blockBytes, qOffset = format == .q8_0 ? 2 : 4
            for b in 0..<blockCount {
                let block = UnsafeRawPointer(column + b * blockBytes)
                scales[c * blockCount + b] = loadHalf(block)
                if format == .q8_1 { aux[c * blockCount + b] = loadHalf(block, 2) }
                guard spread else { continue }
                widen(block + qOffset, into: q + 32 * b)
                if format == .q8_0 {
                    var sum: Int32 = 0
                    for i in 0..<32 { sum += Int32(block.load(fromByteOffset: 2 + i, as: Int8.self)) }
                    aux[c * blockCount + b] = Float(sum)
                }
            }
        case .q8_K:
            for b in 0..<blockCount {
                let block = UnsafeRawPointer(column + b * 292)
                scales[c * blockCount + b] = block.load(as: Float.self)
                for g in 0..<8 { widen(block + 4 + 32 * g, into: q + 256 * b + 32 * g) }
                let s = sums + (c * blockCount + b) * 32
                for i in 0..<16 {
                    s[i] = Int32(block.loadUnaligned(fromByteOffset: 260 + 2 * i, as: Int16.self))
                }
                for j in 0..<8 { s[16 + j] = s[2 * j] + s[2 * j + 1] }
            }
        case .f32:
            break
        }
    }

    /// Widens 32 int8 to Int16, even elements first, then odd ones.
    @inline(__always)
    private func widen(_ src: UnsafeRawPointer, into dst: UnsafeMutablePointer<Int16>) {
        for k in 0..<16 {
            dst[k] = Int16(src.load(fromByteOffset: 2 * k, as: Int8.self))
            dst[16 + k] = Int16(src.load(fromByteOffset: 2 * k + 1, as: Int8.self))
        }
    }
}

/// ``MatMulScratch/pack(_:stride:columns:length:format:pool:)``'s work items: `columnsPerItem` columns each (a stack
/// value: handing it to the pool allocates nothing). Each item writes only its own columns of the scratch.
private struct PackJob: ParallelJob {
    static let columnsPerItem = 8
    let scratch: MatMulScratch
    let x: UnsafePointer<Float>
    let stride: Int
    let columns: Int
    let length: Int
    let format: ActivationFormat
    let spread: Bool

    var items: Int { (columns + Self.columnsPerItem - 1) / Self.columnsPerItem }

    func run(_ item: Int) {
        for c in (item * Self.columnsPerItem)..<Swift.min(columns, (item + 1) * Self.columnsPerItem) {
            scratch.packColumn(c, x, stride: stride, length: length, format: format, spread: spread)
        }
    }
}
