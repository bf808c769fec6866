import Foundation
import InferenceTypes
import TestSupport

/// Runs `Tests/python/reference_forward.py` (numpy + the `gguf` package, installed by scripts/test.sh from
/// Tests/python/requirements.txt) and returns its logits: `[sequence][position][vocab]`.
enum PythonReference {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Logits of every position of every sequence, computed independently from the GGUF file at `model`.
    /// `kv` is the script's `--kv` mode (`ggml-fa` emulates llama.cpp's f16 flash attention, `f32` is exact).
    /// `gelu` is its `--gelu` mode (`table` emulates ggml's f16 table, `exact` is the tanh formula).
    static func logits(model: String, sequences: [[TokenID]], kv: String, gelu: String = "table") throws -> [[[Float]]] {
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/python/reference_forward.py").path
        var arguments = [script, model, "--kv", kv, "--gelu", gelu]
        for sequence in sequences {
            arguments += ["--tokens", sequence.map(String.init).joined(separator: ",")]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            throw Failure(description: "cannot start python3 (\(error)); install it and `pip install -r Tests/python/requirements.txt`")
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(
                description: "reference_forward.py failed (status \(process.terminationStatus)); is numpy/gguf "
                    + "installed (`pip install -r Tests/python/requirements.txt`)?\n\(errorText)")
        }
        struct Output: Decodable { let logits: [[[Float]]] }
        return try JSONDecoder().decode(Output.self, from: data).logits
    }
}

/// `max |ours − reference| / max |reference|` over one logits row: the relative error the synthetic tests bound.
func relativeError(_ ours: UnsafeBufferPointer<Float>, _ reference: [Float]) -> Double {
    precondition(ours.count == reference.count, "row lengths differ: \(ours.count) vs \(reference.count)")
    var difference = 0.0, scale = 0.0
    for i in 0..<ours.count {
        difference = max(difference, abs(Double(ours[i]) - Double(reference[i])))
        scale = max(scale, abs(Double(reference[i])))
    }
    return scale == 0 ? difference : difference / scale
}

/// A scratch file path under the system temporary directory, removed by the caller.
func temporaryModelPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-\(name)-\(UUID().uuidString).gguf").path
}
