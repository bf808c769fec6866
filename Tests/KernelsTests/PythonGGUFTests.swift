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

    @Test(.disabled(if: skipped, "SWIFTLET_SKIP_PYTHON=1"), arguments: allFormats)
    func dequantizeMatchesPythonGGUF(format: WeightFormat) throws {
        let columns = format.blockElements == 1 ? 64 : format.blockElements * 4
        let rows = try QuantizedRows(format: format, rows: 5, columns: columns, seed: 2024, scale: 0.7)
        let rowBytes = try #require(format.rowBytes(columns: columns))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-kernels-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("blocks.bin")
        try Data(bytes: rows.bytes, count: 5 * rowBytes).write(to: input)
        let scriptURL = directory.appendingPathComponent("dequantize.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", scriptURL.path, input.path, "\(format)", "5", "\(rowBytes)"]
        let errors = Pipe()
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Issue.record("python3 could not be started (\(error)); install python3 with `pip install gguf numpy`, or set SWIFTLET_SKIP_PYTHON=1")
            return
        }
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        try #require(process.terminationStatus == 0,
                     "python3 with the gguf package is needed (`pip install gguf numpy`): exit \(process.terminationStatus) \(message)")
        let output = try Data(contentsOf: URL(fileURLWithPath: input.path + ".out"))
        let python: [Float] = output.withUnsafeBytes { raw in (0..<5 * columns).map { raw.loadUnaligned(fromByteOffset: 4 * $0, as: Float.self) } }
        var ours = [Float](repeating: 0, count: 5 * columns)
        ours.withUnsafeMutableBufferPointer { y in
            for r in 0..<5 { rows.matrix.dequantizeRow(r, into: y.baseAddress! + r * columns) }
        }
        for i in ours.indices {
            let tolerance = 2e-7 * abs(python[i]) + 1e-12
            #expect(abs(ours[i] - python[i]) <= tolerance, "\(format) element \(i): ours \(ours[i]) python \(python[i])")
            if abs(ours[i] - python[i]) > tolerance { return }
        }
    }
}
