import Kernels
import Testing

/// `matmulGroup` must give every matrix exactly what its own `matmul` gives (it only changes scheduling).
@Suite struct MatMulGroupTests {
    @Test(arguments: [WeightFormat.q4_1, .q8_0, .q4_K])
    func groupEqualsSeparateMatmuls(format: WeightFormat) throws {
        let length = format.blockElements == 256 ? 512 : 576
        let shapes = [333, 64, 130]
        let matrices = try shapes.enumerated().map { try QuantizedRows(format: format, rows: $1, columns: length, seed: UInt64(7 + $0)) }
        var rng = SeededRandom(seed: 3)
        let columns = 5
        let x = rng.values(columns * length)
        let scratch = MatMulScratch(maxColumns: columns, maxLength: length)
        for pool in [nil, WorkerPool(threadCount: 2, spinIterations: 1_000)] {
            var separate = shapes.map { [Float](repeating: 0, count: columns * $0) }
            var g0 = [Float](repeating: .nan, count: columns * shapes[0])
            var g1 = [Float](repeating: .nan, count: columns * shapes[1])
            var g2 = [Float](repeating: .nan, count: columns * shapes[2])
            for i in 0..<3 {
                matmul(matrices[i].matrix, input: x, inputStride: length, columns: columns, output: &separate[i],
                       outputStride: shapes[i], scratch: scratch, pool: pool)
            }
            g0.withUnsafeMutableBufferPointer { b0 in
                g1.withUnsafeMutableBufferPointer { b1 in
                    g2.withUnsafeMutableBufferPointer { b2 in
                        matmulGroup(
                            MatMulTarget(matrices[0].matrix, output: b0.baseAddress!, stride: shapes[0]),
                            MatMulTarget(matrices[1].matrix, output: b1.baseAddress!, stride: shapes[1]),
                            MatMulTarget(matrices[2].matrix, output: b2.baseAddress!, stride: shapes[2]),
                            input: x, inputStride: length, columns: columns, scratch: scratch, pool: pool)
                    }
                }
            }
            let grouped = [g0, g1, g2]
            #expect(grouped == separate, "\(format) threads \(pool?.threadCount ?? 1)")
        }
    }
}
