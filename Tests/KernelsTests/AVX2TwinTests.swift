import Testing
import Kernels

/// The KernelsAVX2 Q4_1 kernel that `matmul` uses against its Swift twin (`BlockQ4_1.dot`, via `matmulSwiftKernels`), bit
/// for bit, for tile widths 1–4 and a remainder.
@Suite struct AVX2TwinTests {
    @Test(arguments: [1, 2, 3, 4, 6, 9])
    func q4_1MatchesSwiftTwin(columns: Int) throws {
        let length = 576, rowCount = 37
        let rows = try QuantizedRows(format: .q4_1, rows: rowCount, columns: length, seed: 5)
        var rng = SeededRandom(seed: UInt64(9 + columns))
        let x = rng.values(columns * length)
        let scratch = MatMulScratch(maxColumns: columns, maxLength: length)
        var fast = [Float](repeating: 0, count: columns * rowCount)
        var slow = [Float](repeating: 0, count: columns * rowCount)
        matmul(rows.matrix, input: x, inputStride: length, columns: columns, output: &fast, outputStride: rowCount,
               scratch: scratch, pool: nil)
        matmulSwiftKernels(rows.matrix, input: x, inputStride: length, columns: columns, output: &slow,
                           outputStride: rowCount, scratch: scratch)
        #expect(fast.map(\.bitPattern) == slow.map(\.bitPattern))
    }
}
