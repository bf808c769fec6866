import Foundation
import Kernels
import Testing

/// Measures matvec/matmul speed at realistic shapes (SmolLM2-135M and Gemma-3-270M). Prints GB/s (weight bytes
/// read) and GMAC/s; never fails on timing. Meaningful only in release: `swift test -c release --filter kernelThroughput`.
@Suite(.serialized) struct ThroughputTests {
    struct Shape {
        let name: String
        let format: WeightFormat
        let rows: Int
        let columns: Int
    }

    static let shapes: [Shape] = [
        Shape(name: "SmolLM ffn_up", format: .q4_1, rows: 1536, columns: 576),
        Shape(name: "SmolLM ffn_down", format: .q4_1, rows: 576, columns: 1536),
        Shape(name: "Q4_1 576-wide, 49152 rows", format: .q4_1, rows: 49152, columns: 576),
        Shape(name: "SmolLM head", format: .q8_0, rows: 49152, columns: 576),
        Shape(name: "Gemma head", format: .q8_0, rows: 262_144, columns: 640),
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

    /// Random bytes with every f16 scale field set to a small finite value.
    static func randomMatrix(_ shape: Shape) throws -> (UnsafeMutableRawPointer, WeightMatrix) {
        let rowBytes = try #require(shape.format.rowBytes(columns: shape.columns))
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
        return (bytes, try WeightMatrix(format: shape.format, rows: shape.rows, columns: shape.columns, base: bytes))
    }

    /// Thread CPU time in seconds (robust to other processes sharing the cores).
    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    static func wallSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// Runs `body` repeatedly for about `budget` seconds of wall time; returns (wall, cpu) seconds per run.
    static func time(budget: Double, _ body: () -> Void) -> (wall: Double, cpu: Double) {
        body()
        var runs = 0
        let wall0 = wallSeconds(), cpu0 = threadCPUSeconds()
        repeat {
            body()
            runs += 1
        } while wallSeconds() - wall0 < budget && runs < 100_000
        return ((wallSeconds() - wall0) / Double(runs), (threadCPUSeconds() - cpu0) / Double(runs))
    }

    @Test func kernelThroughput() throws {
        #if DEBUG
        print("kernelThroughput: debug build; run `swift test -c release --filter kernelThroughput` for numbers")
        #else
        var load = [Double](repeating: 0, count: 3)
        _ = getloadavg(&load, 3)
        print(String(format: "kernelThroughput: load average %.2f (2 cores); 1T = one thread, CPU-time based; 2T = pool of 2, wall time", load[0]))
        let pool = WorkerPool(threadCount: 2)
        var lines: [String] = []
        for shape in Self.shapes {
            let (bytes, matrix) = try Self.randomMatrix(shape)
            defer { bytes.deallocate() }
            var rng = SeededRandom(seed: 1)
            let x = rng.values(4 * shape.columns)
            var y = [Float](repeating: 0, count: 4 * shape.rows)
            let scratch = MatMulScratch(maxColumns: 4, maxLength: shape.columns)
            for columns in [1, 4] {
                let single = Self.time(budget: 0.25) {
                    matmul(matrix, input: x, inputStride: shape.columns, columns: columns, output: &y,
                           outputStride: shape.rows, scratch: scratch, pool: nil)
                }
                let double = Self.time(budget: 0.25) {
                    matmul(matrix, input: x, inputStride: shape.columns, columns: columns, output: &y,
                           outputStride: shape.rows, scratch: scratch, pool: pool)
                }
                let bytes = Double(matrix.byteCount), macs = Double(shape.rows * shape.columns * columns)
                let line = String(
                    format: "%-26@ %-4@ B=%d %6.1f MB | 1T %6.2f GB/s %6.2f GMAC/s | 2T %7.3f ms %6.2f GB/s %6.2f GMAC/s",
                    shape.name as NSString, "\(shape.format)" as NSString, columns, bytes / 1e6,
                    bytes / single.cpu / 1e9, macs / single.cpu / 1e9,
                    double.wall * 1e3, bytes / double.wall / 1e9, macs / double.wall / 1e9)
                lines.append(line)
                print("kernelThroughput:", line)
            }
        }
        #expect(lines.count == 2 * Self.shapes.count)
        #endif
    }
}
