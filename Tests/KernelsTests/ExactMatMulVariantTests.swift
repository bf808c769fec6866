import Kernels
import TestSupport
import Testing

/// `ggmlExactMatMul` (Q5_0, Q6_K, Q4_K repacked and not) under every kernel variant this build and CPU have
/// (`kernelISAs`: portable, and the KernelsX86 ones on x86) against the one-column Swift twins of GGMLExactDots.swift
/// with the arithmetic llama.cpp picks for the column count, bit for bit: every column-tile width and remainder, and
/// (with AVX-512) the pair kernels.
@Suite struct ExactMatMulVariantTests {
    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 13])
    func q5_0MatchesTwins(columns: Int) throws {
        try check(.q5_0, rows: 37, columns: columns)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 13])
    func q6_KMatchesTwins(columns: Int) throws {
        try check(.q6_K, rows: 37, columns: columns)
    }

    /// 40 rows: a multiple of 8, so llama.cpp repacks the matrix.
    @Test(arguments: [1, 2, 3, 4, 5, 7, 8, 9, 13])
    func q4_KRepackedMatchesTwins(columns: Int) throws {
        try check(.q4_K, rows: 40, columns: columns)
    }

    @Test(arguments: [1, 4, 8, 9])
    func q4_KMatchesTwins(columns: Int) throws {
        try check(.q4_K, rows: 37, columns: columns)
    }

    func check(_ format: WeightFormat, rows: Int, columns: Int, length: Int = 512) throws {
        let weights = try QuantizedRows(format: format, rows: rows, columns: length, seed: 17)
        let w = weights.matrix
        var rng = SeededRandom(seed: UInt64(31 + columns))
        let x = rng.values(columns * length)
        let activationFormat = format.activationFormat
        let blocks = length / activationFormat.blockElements
        let columnBytes = blocks * activationFormat.blockBytes
        // The twins, one row and column at a time, on the activations quantized by Kernels.
        var quantized = [UInt8](repeating: 0, count: columns * columnBytes)
        x.withUnsafeBufferPointer { xs in
            quantized.withUnsafeMutableBytes { q in
                for c in 0..<columns {
                    quantizeActivations(xs.baseAddress! + c * length, count: length, format: activationFormat,
                                        into: q.baseAddress! + c * columnBytes)
                }
            }
        }
        let repacked = format == .q4_K && rows % 8 == 0
        let gemmColumns = columns > 3 ? columns - columns % 4 : 0
        let tiled = columns >= 8
        var expected = [Float](repeating: 0, count: columns * rows)
        quantized.withUnsafeBytes { q in
            for c in 0..<columns {
                let a = q.baseAddress! + c * columnBytes
                for r in 0..<rows {
                    let row = w.base + r * w.rowBytes
                    let weightBlocks = length / format.blockElements
                    expected[c * rows + r] = switch format {
                    case .q5_0: dotQ5_0(row, a, blocks: weightBlocks)
                    case .q6_K: dotQ6_K(row, a, blocks: weightBlocks, tiled: tiled)
                    default:
                        repacked
                            ? dotQ4_KRepacked(row, a, blocks: weightBlocks, perPair: c < gemmColumns)
                            : dotQ4_K(row, a, blocks: weightBlocks, tiled: tiled)
                    }
                }
            }
        }
        let scratch = UnsafeMutableRawPointer.allocate(
            byteCount: columns * ggmlExactActivationBytes(length: length), alignment: 64)
        defer { scratch.deallocate() }
        forEachKernelISA { isa in
            var out = [Float](repeating: .nan, count: columns * rows)
            ggmlExactMatMul(w, input: x, inputStride: length, columns: columns, output: &out, outputStride: rows,
                            activations: scratch, pool: nil)
            #expect(out.map(\.bitPattern) == expected.map(\.bitPattern), "\(format), \(rows) rows, \(columns) columns, \(isa)")
        }
    }
}
