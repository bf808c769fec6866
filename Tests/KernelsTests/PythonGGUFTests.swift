import Foundation
import Kernels
import Testing

/// Cross-checks our dequantization against the PyPI `gguf` package's numpy dequantizers on blocks written by our
/// reference quantizers (`pip install gguf numpy`). Set `SWIFTLET_SKIP_PYTHON=1` to skip on machines without them.
@Suite struct PythonGGUFTests {
    static let script = """
        import sys
        import numpy as np
        try:
            import gguf
            from gguf import quants
        except ImportError as error:
            sys.stderr.write("python gguf package missing: %s\\n" % error)
            sys.exit(3)
        path, name, rows, row_bytes = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
        data = np.fromfile(path, dtype=np.uint8).reshape(rows, row_bytes)
        qtype = gguf.GGMLQuantizationType[name]
        out = quants.dequantize(data, qtype).astype(np.float32)
        out.tofile(path + ".out")
        """

    static var skipped: Bool { ProcessInfo.processInfo.environment["SWIFTLET_SKIP_PYTHON"] == "1" }

    /// Dequantizes `rows` rows of `rowBytes` bytes at `bytes` with python's gguf package; nil (with a recorded issue
    /// saying what to install) when python3 or the package is missing.
    static func pythonDequantize(
        _ bytes: UnsafeRawPointer, format: WeightFormat, rows: Int, rowBytes: Int
    ) throws -> [Float]? {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-kernels-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("blocks.bin")
        try Data(bytes: bytes, count: rows * rowBytes).write(to: input)
        let scriptURL = directory.appendingPathComponent("dequantize.py")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, input.path, "\(format)", "\(rows)", "\(rowBytes)"]
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Issue.record("python3 could not be started (\(error)); install python3 and `pip install gguf numpy`, or set SWIFTLET_SKIP_PYTHON=1")
            return nil
        }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        guard process.terminationStatus == 0 else {
            Issue.record("python3 with the gguf package is needed (`pip install gguf numpy`, or set SWIFTLET_SKIP_PYTHON=1): exit \(process.terminationStatus) \(message)")
            return nil
        }
        let output = try Data(contentsOf: URL(fileURLWithPath: input.path + ".out"))
        return output.withUnsafeBytes { raw in
            (0..<output.count / 4).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) }
        }
    }

    /// Our dequantization of the same rows must equal python's to within an ulp or two.
    static func compare(_ matrix: WeightMatrix, _ python: [Float], _ what: String) {
        var ours = [Float](repeating: 0, count: matrix.rows * matrix.columns)
        ours.withUnsafeMutableBufferPointer { y in
            for r in 0..<matrix.rows { matrix.dequantizeRow(r, into: y.baseAddress! + r * matrix.columns) }
        }
        #expect(python.count == ours.count, "\(what): python returned \(python.count) values")
        for i in ours.indices where i < python.count {
            let tolerance = 2.5e-7 * abs(python[i]) + 1e-12
            #expect(abs(ours[i] - python[i]) <= tolerance, "\(what) element \(i): ours \(ours[i]) python \(python[i])")
            if abs(ours[i] - python[i]) > tolerance { return }
        }
    }

    @Test(.disabled(if: skipped, "SWIFTLET_SKIP_PYTHON=1"), arguments: allFormats)
    func dequantizeMatchesPythonGGUF(format: WeightFormat) throws {
        let columns = format.blockElements == 1 ? 64 : format.blockElements * 4
        let rows = try QuantizedRows(format: format, rows: 5, columns: columns, seed: 2024, scale: 0.7)
        let rowBytes = try #require(format.rowBytes(columns: columns))
        guard let python = try Self.pythonDequantize(rows.bytes, format: format, rows: 5, rowBytes: rowBytes) else { return }
        Self.compare(rows.matrix, python, "\(format)")
    }

    @Test(.disabled(if: skipped, "SWIFTLET_SKIP_PYTHON=1"),
          arguments: ["SmolLM2-135M-Instruct.Q4_1.gguf", "gemma-3-270m-q4_k_m.gguf"])
    func realBlocksMatchPythonGGUF(file: String) throws {
        let data = try RealModelTests.modelData(file)
        var checked = Set<WeightFormat>()
        for tensor in try RealModelTests.tensors(in: data) where tensor.dims.count == 2 {
            let format = try WeightFormat.forTensor(named: tensor.name, ggmlTypeID: tensor.type)
            guard !checked.contains(format) else { continue }
            checked.insert(format)
            let rows = min(tensor.dims[1], 16)
            let rowBytes = try #require(format.rowBytes(columns: tensor.dims[0]))
            try data.withUnsafeBytes { raw in
                let base = try #require(raw.baseAddress) + tensor.offset
                let matrix = try WeightMatrix(format: format, rows: rows, columns: tensor.dims[0], base: base)
                guard let python = try Self.pythonDequantize(base, format: format, rows: rows, rowBytes: rowBytes) else { return }
                Self.compare(matrix, python, "\(file) \(tensor.name)")
            }
        }
        #expect(checked.count >= 2)
    }
}
