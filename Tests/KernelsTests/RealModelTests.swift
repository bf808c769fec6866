import Foundation
import Kernels
import Testing

/// The kernels on real blocks from the two installed catalog models (~/.cache/swiftlet/models, or
/// `$SWIFTLET_HOME/models`): every tensor type in them is supported, and for one tensor of each quantized type the
/// fast dequantizer and matmul agree with the scalar twins. A minimal GGUF header reader lives here because
/// `Kernels` (and its tests) do not depend on the `GGUF` target.
@Suite struct RealModelTests {
    struct Tensor {
        let name: String
        let dims: [Int]
        let type: UInt32
        let offset: Int  // from the start of the file
    }

    /// Reads the tensor index of a GGUF v2/v3 file.
    static func tensors(in data: Data) throws -> [Tensor] {
        var position = 0
        func read<T: FixedWidthInteger>(_: T.Type) throws -> T {
            guard position + MemoryLayout<T>.size <= data.count else { throw CocoaError(.fileReadCorruptFile) }
            let value = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: position, as: T.self) }
            position += MemoryLayout<T>.size
            return T(littleEndian: value)
        }
        func string() throws -> String {
            let count = Int(try read(UInt64.self))
            defer { position += count }
            return String(decoding: data[position..<position + count], as: UTF8.self)
        }
        func skip(type: UInt32) throws {
            let sizes: [UInt32: Int] = [0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8]
            if let size = sizes[type] {
                position += size
            } else if type == 8 {
                _ = try string()
            } else if type == 9 {
                let elementType = try read(UInt32.self)
                let count = try read(UInt64.self)
                for _ in 0..<count { try skip(type: elementType) }
            } else {
                throw CocoaError(.fileReadCorruptFile)
            }
        }
        guard try read(UInt32.self) == 0x4655_4747 else { throw CocoaError(.fileReadCorruptFile) }  // "GGUF"
        _ = try read(UInt32.self)
        let tensorCount = try read(UInt64.self)
        let kvCount = try read(UInt64.self)
        var alignment = 32
        for _ in 0..<kvCount {
            let key = try string()
            let type = try read(UInt32.self)
            if key == "general.alignment" && type == 4 {
                alignment = Int(try read(UInt32.self))
            } else {
                try skip(type: type)
            }
        }
        var infos: [(String, [Int], UInt32, Int)] = []
        for _ in 0..<tensorCount {
            let name = try string()
            let dimensions = Int(try read(UInt32.self))
            let dims = try (0..<dimensions).map { _ in Int(try read(UInt64.self)) }
            let type = try read(UInt32.self)
            let offset = Int(try read(UInt64.self))
            infos.append((name, dims, type, offset))
        }
        let dataStart = (position + alignment - 1) / alignment * alignment
        return infos.map { Tensor(name: $0.0, dims: $0.1, type: $0.2, offset: dataStart + $0.3) }
    }

    static func modelData(_ file: String) throws -> Data {
        let env = ProcessInfo.processInfo.environment
        let home = env["SWIFTLET_HOME"].map { $0 + "/models" } ?? (env["HOME"] ?? "") + "/.cache/swiftlet/models"
        let path = home + "/" + file
        guard FileManager.default.fileExists(atPath: path) else {
            Issue.record("model \(path) is not installed (swiftlet pull; see the README's model catalog)")
            throw CocoaError(.fileNoSuchFile)
        }
        return try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped)
    }

    @Test(arguments: ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"])
    func realBlocksMatchReference(file: String) throws {
        let data = try Self.modelData(file)
        let tensors = try Self.tensors(in: data)
        #expect(!tensors.isEmpty)
        var checked = Set<WeightFormat>()
        for tensor in tensors {
            let format = try WeightFormat.forTensor(named: tensor.name, ggmlTypeID: tensor.type)
            guard tensor.dims.count == 2, !checked.contains(format), format != .f32 else { continue }
            checked.insert(format)
            let columns = tensor.dims[0]
            let rows = min(tensor.dims[1], 96)
            let rowBytes = try #require(format.rowBytes(columns: columns))
            try data.withUnsafeBytes { raw in
                let base = try #require(raw.baseAddress) + tensor.offset
                let matrix = try WeightMatrix(format: format, rows: rows, columns: columns, base: base)
                // Dequantization: fast == element-wise reference, on the first rows.
                var fast = [Float](repeating: 0, count: columns), reference = fast
                for r in 0..<min(rows, 8) {
                    matrix.dequantizeRow(r, into: &fast)
                    Reference.dequantize(base + r * rowBytes, format: format, count: columns, into: &reference)
                    #expect(fast == reference, "\(file) \(tensor.name) row \(r)")
                }
                // Matmul with 3 columns: fast vs reference.
                var rng = SeededRandom(seed: 7)
                let x = rng.values(3 * columns)
                var y = [Float](repeating: 0, count: 3 * rows), expected = y
                let scratch = MatMulScratch(maxColumns: 3, maxLength: columns)
                let pool = WorkerPool(threadCount: 2, spinIterations: 1_000)
                matmul(matrix, input: x, inputStride: columns, columns: 3, output: &y, outputStride: rows,
                       scratch: scratch, pool: pool)
                Reference.matmul(matrix, input: x, inputStride: columns, columns: 3, output: &expected, outputStride: rows)
                let peak = expected.map(abs).max() ?? 0
                for i in y.indices {
                    #expect(abs(y[i] - expected[i]) <= 1e-5 * peak + 1e-6, "\(file) \(tensor.name) [\(i)]")
                }
            }
        }
        let expectedFormats: Set<WeightFormat> = file.hasPrefix("SmolLM") ? [.q4_1, .q8_0] : [.q4_K, .q5_0, .q6_K, .q8_0]
        #expect(expectedFormats.isSubset(of: checked), "\(file): checked \(checked)")
    }
}
