import Foundation
import Kernels

/// matvec/matmul speed at realistic shapes (SmolLM2-135M and Gemma-3-270M): GB/s of weight bytes read and GMAC/s,
/// one thread (rates from CPU time, plus wall time) and a pool of two (wall time). Formats with a ggml-exact kernel
/// (what the engine runs for them) are timed both ways.
enum KernelBench {
    struct Shape {
        let name: String
        let format: WeightFormat
        let rows: Int
        let columns: Int
    }

    static let shapes: [Shape] = [
        Shape(name: "SmolLM attn_k", format: .q4_1, rows: 192, columns: 576),
        Shape(name: "SmolLM ffn_up", format: .q4_1, rows: 1536, columns: 576),
        Shape(name: "SmolLM ffn_down", format: .q4_1, rows: 576, columns: 1536),
        Shape(name: "Q4_1 576-wide, 49152 rows", format: .q4_1, rows: 49152, columns: 576),
        Shape(name: "SmolLM head", format: .q8_0, rows: 49152, columns: 576),
        Shape(name: "Gemma head", format: .q8_0, rows: 262_144, columns: 640),
        Shape(name: "Gemma attn_k", format: .q5_0, rows: 256, columns: 640),
        Shape(name: "Gemma ffn_up", format: .q5_0, rows: 2048, columns: 640),
        Shape(name: "Gemma attn_output", format: .q4_K, rows: 640, columns: 1024),
        Shape(name: "Gemma ffn_down", format: .q6_K, rows: 640, columns: 2048),
        Shape(name: "Q4_0 4096×1024", format: .q4_0, rows: 4096, columns: 1024),
        Shape(name: "Q5_1 4096×1024", format: .q5_1, rows: 4096, columns: 1024),
        Shape(name: "Q4_K 4096×1024", format: .q4_K, rows: 4096, columns: 1024),
        Shape(name: "Q5_K 4096×1024", format: .q5_K, rows: 4096, columns: 1024),
        Shape(name: "Q6_K 4096×1024", format: .q6_K, rows: 4096, columns: 1024),
        Shape(name: "Q8_0 4096×1024", format: .q8_0, rows: 4096, columns: 1024),
        Shape(name: "F16 2048×1024", format: .f16, rows: 2048, columns: 1024),
        Shape(name: "BF16 2048×1024", format: .bf16, rows: 2048, columns: 1024),
        Shape(name: "F32 1024×1024", format: .f32, rows: 1024, columns: 1024),
    ]

    /// A shape whose row length is not a whole number of blocks.
    struct BadShape: Error, CustomStringConvertible {
        let shape: Shape
        var description: String { "\(shape.name): \(shape.columns) is not a whole number of \(shape.format) blocks" }
    }

    /// Random bytes with every f16 scale field set to a small finite value; the caller deallocates the bytes.
    static func randomMatrix(_ shape: Shape) throws -> (UnsafeMutableRawPointer, WeightMatrix) {
        guard let rowBytes = shape.format.rowBytes(columns: shape.columns) else { throw BadShape(shape: shape) }
        let byteCount = shape.rows * rowBytes
        let bytes = UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 64)
        var state: UInt64 = 0x1234_5678_9ABC_DEF1
        let words = bytes.bindMemory(to: UInt64.self, capacity: byteCount / 8)
        for i in 0..<byteCount / 8 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            words[i] = state
        }
        let small = Float16(0.001).bitPattern
        let halfOffsets: [Int] =
            switch shape.format {
            case .q4_0, .q5_0, .q8_0: [0]
            case .q4_1, .q5_1, .q4_K, .q5_K: [0, 2]
            case .q6_K: [208]
            case .f16: Array(stride(from: 0, to: shape.format.blockBytes, by: 2))
            case .f32, .bf16: []
            }
        let blocks = byteCount / shape.format.blockBytes
        for b in 0..<blocks where !halfOffsets.isEmpty {
            for o in halfOffsets { bytes.storeBytes(of: small, toByteOffset: b * shape.format.blockBytes + o, as: UInt16.self) }
        }
        if shape.format == .f32 || shape.format == .bf16 {
            let floats = shape.format == .f32 ? byteCount / 4 : 0
            for i in 0..<floats { bytes.storeBytes(of: Float(i % 7) * 0.01, toByteOffset: 4 * i, as: Float.self) }
            if shape.format == .bf16 {
                for i in 0..<byteCount / 2 { bytes.storeBytes(of: UInt16(0x3C00 + i % 64), toByteOffset: 2 * i, as: UInt16.self) }
            }
        }
        do {
            return (bytes, try WeightMatrix(format: shape.format, rows: shape.rows, columns: shape.columns, base: bytes))
        } catch {
            bytes.deallocate()
            throw error
        }
    }

    static func run() throws {
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        print(String(format: "kernels: load average %.2f; 1T = one thread (rates from CPU time, plus wall time); 2T = pool of 2, wall time", load[0]))
        let pool = WorkerPool(threadCount: 2)
        for shape in shapes {
            let (bytes, matrix) = try randomMatrix(shape)
            defer { bytes.deallocate() }
            var rng = BenchRandom(seed: 1)
            let x = rng.values(4 * shape.columns)
            var y = [Float](repeating: 0, count: 4 * shape.rows)
            let scratch = MatMulScratch(maxColumns: 4, maxLength: shape.columns)
            let exact = UnsafeMutableRawPointer.allocate(
                byteCount: 4 * ggmlExactActivationBytes(length: shape.columns), alignment: 64)
            defer { exact.deallocate() }
            for columns in [1, 4] {
                func report(_ kernel: String, _ body: (WorkerPool?) -> Void) {
                    let single = Timing.time(budget: 0.25) { body(nil) }
                    let double = Timing.time(budget: 0.25) { body(pool) }
                    let bytes = Double(matrix.byteCount), macs = Double(shape.rows * shape.columns * columns)
                    let label = padded(shape.name, 26) + " " + padded("\(shape.format)", 4) + " " + padded(kernel, 9)
                    print("kernels: " + label + String(
                        format: " B=%d %6.1f MB | 1T %6.2f GB/s %6.2f GMAC/s (wall %7.3f ms) | 2T %7.3f ms %6.2f GB/s %6.2f GMAC/s",
                        columns, bytes / 1e6,
                        bytes / single.cpu / 1e9, macs / single.cpu / 1e9, single.wall * 1e3,
                        double.wall * 1e3, bytes / double.wall / 1e9, macs / double.wall / 1e9))
                }
                report("matmul") { pool in
                    matmul(matrix, input: x, inputStride: shape.columns, columns: columns, output: &y,
                           outputStride: shape.rows, scratch: scratch, pool: pool)
                }
                if ggmlExactMatMulHandles(matrix) {
                    report("ggmlExact") { pool in
                        ggmlExactMatMul(matrix, input: x, inputStride: shape.columns, columns: columns, output: &y,
                                        outputStride: shape.rows, activations: exact, pool: pool)
                    }
                }
            }
        }
    }
}
