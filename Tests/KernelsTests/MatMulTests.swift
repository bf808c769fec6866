import Kernels
import Testing

@Suite struct MatMulTests {
    /// Shared 2-thread pool (the tests in a suite may run in parallel; each test makes its own when it needs one).
    static func makePool() -> WorkerPool { WorkerPool(threadCount: 2, spinIterations: 2_000) }

    /// Σ|w·x| per output, the scale the float-summation tolerance is relative to.
    func magnitudes(_ rows: QuantizedRows, _ x: [Float], columns: Int) -> [Float] {
        let w = rows.referenceDequantized()
        var out = [Float](repeating: 0, count: columns * rows.rows)
        for c in 0..<columns {
            for r in 0..<rows.rows {
                var s: Float = 0
                for k in 0..<rows.columns { s += abs(w[r * rows.columns + k] * x[c * rows.columns + k]) }
                out[c * rows.rows + r] = s
            }
        }
        return out
    }

    /// Fast matmul (with and without a pool) against the scalar twin for B = 1…8 and odd row counts.
    @Test(arguments: allFormats)
    func fastMatchesReference(format: WeightFormat) throws {
        let pool = Self.makePool()
        for (rowCount, blocks) in [(1, 2), (7, 3), (130, 2)] {
            let length = testColumns(format, blocks: blocks)
            let rows = try QuantizedRows(format: format, rows: rowCount, columns: length, seed: UInt64(rowCount))
            var rng = SeededRandom(seed: 99)
            let maxB = 8
            let x = rng.values(maxB * length)
            let scale = magnitudes(rows, x, columns: maxB)
            var expected = [Float](repeating: 0, count: maxB * rowCount)
            Reference.matmul(rows.matrix, input: x, inputStride: length, columns: maxB, output: &expected,
                             outputStride: rowCount)
            let scratch = MatMulScratch(maxColumns: maxB, maxLength: length)
            for b in 1...maxB {
                for threaded in [false, true] {
                    var y = [Float](repeating: .nan, count: b * rowCount)
                    matmul(rows.matrix, input: x, inputStride: length, columns: b, output: &y, outputStride: rowCount,
                           scratch: scratch, pool: threaded ? pool : nil)
                    for c in 0..<b {
                        for r in 0..<rowCount {
                            let i = c * rowCount + r
                            let tolerance = 2e-6 * scale[i] + 1e-6
                            #expect(abs(y[i] - expected[i]) <= tolerance,
                                    "\(format) rows \(rowCount) B=\(b) col \(c) row \(r): \(y[i]) vs \(expected[i])")
                            if abs(y[i] - expected[i]) > tolerance { return }
                        }
                    }
                }
            }
        }
    }

    /// The reference dot itself against plain f32 arithmetic on dequantized weights: the only difference allowed is
    /// the activation quantization (8 bits), so this catches a reference that decodes the wrong elements.
    @Test(arguments: allFormats)
    func referenceDotApproximatesFloatDot(format: WeightFormat) throws {
        let length = testColumns(format, blocks: 4)
        let rows = try QuantizedRows(format: format, rows: 5, columns: length, seed: 123)
        var rng = SeededRandom(seed: 321)
        let x = rng.values(length)
        let w = rows.referenceDequantized()
        var y = [Float](repeating: 0, count: 5)
        Reference.matmul(rows.matrix, input: x, inputStride: length, columns: 1, output: &y, outputStride: 5)
        for r in 0..<5 {
            var exact: Double = 0, magnitude: Double = 0
            for k in 0..<length {
                exact += Double(w[r * length + k]) * Double(x[k])
                magnitude += abs(Double(w[r * length + k]) * Double(x[k]))
            }
            let bound = format.activationFormat == .f32 ? 1e-6 * magnitude : 0.02 * magnitude
            #expect(abs(Double(y[r]) - exact) <= bound, "\(format) row \(r): \(y[r]) vs \(exact)")
        }
    }

    @Test func stridedInputAndOutput() throws {
        let rows = try QuantizedRows(format: .q4_1, rows: 9, columns: 64, seed: 4)
        var rng = SeededRandom(seed: 8)
        let x = rng.values(3 * 100)  // 3 columns, stride 100, first 64 used
        var expected = [Float](repeating: 0, count: 3 * 20)
        Reference.matmul(rows.matrix, input: x, inputStride: 100, columns: 3, output: &expected, outputStride: 20)
        var y = [Float](repeating: -7, count: 3 * 20)
        let scratch = MatMulScratch(maxColumns: 4, maxLength: 64)
        matmul(rows.matrix, input: x, inputStride: 100, columns: 3, output: &y, outputStride: 20, scratch: scratch,
               pool: nil)
        for c in 0..<3 {
            for r in 0..<20 {
                if r < 9 {
                    #expect(abs(y[c * 20 + r] - expected[c * 20 + r]) <= 1e-4)
                } else {
                    #expect(y[c * 20 + r] == -7, "padding must stay untouched")
                }
            }
        }
    }
}
