import Kernels
import TestSupport
import Testing

/// The KernelsX86 Q4_1 and Q8_0 kernels that `matmul` uses against their Swift twins (`BlockQ4_1.dot`,
/// `BlockQ8_0.dot`, via `matmulSwiftKernels`), bit for bit, for every tile width (Q4_1 1–8, Q8_0 1–4) and remainders,
/// with each instruction-set variant of the kernels this CPU has (`kernelISAs`: AVX2, and AVX-VNNI where present).
@Suite struct AVX2TwinTests {
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 13, 16, 17, 33])
    func q4_1MatchesSwiftTwin(columns: Int) throws {
        try check(.q4_1, columns: columns)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 8, 16, 17, 33])
    func q8_0MatchesSwiftTwin(columns: Int) throws {
        try check(.q8_0, columns: columns)
    }

    /// Rows of more than 1024 Q4_1 blocks, where the kernel gathers the columns' `s` values instead of transposing
    /// them onto the stack.
    @Test(arguments: [1, 4, 8, 11])
    func q4_1LongRowsMatchSwiftTwin(columns: Int) throws {
        try check(.q4_1, columns: columns, length: 32 * 1030, rowCount: 5)
    }

    func check(_ format: WeightFormat, columns: Int, length: Int = 576, rowCount: Int = 37) throws {
        let rows = try QuantizedRows(format: format, rows: rowCount, columns: length, seed: 5)
        var rng = SeededRandom(seed: UInt64(9 + columns))
        let x = rng.values(columns * length)
        let scratch = MatMulScratch(maxColumns: columns, maxLength: length)
        var slow = [Float](repeating: 0, count: columns * rowCount)
        matmulSwiftKernels(rows.matrix, input: x, inputStride: length, columns: columns, output: &slow,
                           outputStride: rowCount, scratch: scratch)
        forEachKernelISA { isa in
            var fast = [Float](repeating: .nan, count: columns * rowCount)
            matmul(rows.matrix, input: x, inputStride: length, columns: columns, output: &fast, outputStride: rowCount,
                   scratch: scratch, pool: nil)
            #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern), "\(format), \(columns) columns, \(isa)")
        }
    }
}
