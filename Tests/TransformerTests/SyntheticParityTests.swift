import Foundation
import GGUF
import InferenceTypes
import TestSupport
import Testing
import Transformer

/// Tiny random models of every architecture (several quant types each, real tensor names and metadata) against the
/// independent numpy reference (`Tests/python/reference_forward.py`, which emulates ggml's 8-bit activation
/// quantization, f16 KV cache with flash-attention accumulation, and f16 GELU table): prefill then decode steps
/// through the KV cache, and two sequences batched together. Metric: `max |ours − ref| / max |ref|` per logits row.
///
/// Tolerances: 1e-3 (the issue's bound) where no value is rounded to f16 on the way: f32 KV cache, and for Gemma 3
/// the exact GELU (`TransformerOptions.gelu = .exact`, the script's `--gelu exact`); observed ≤ 4e-4, mostly ~1e-7.
/// Where values are rounded to f16 (f16 KV cache; ggml's f16 GELU table), the reference's float64 arithmetic and
/// our f32 arithmetic differ in the last bit, so now and then a value on an f16 rounding boundary rounds the other
/// way; the 8-bit activation quantization downstream amplifies such a flip (a quantization step is ~1% of a block's
/// largest value; perturbing the reference's own inputs by 1e-7 relative moves its logits by 1e-2 on these tiny
/// random models), so those runs are bounded at 3e-2 instead. The f16 path is held to llama.cpp itself by
/// ``GreedyParityTests`` on real weights.
@Suite
struct SyntheticParityTests {
    static let strictTolerance = 1e-3
    static let roundingTolerance = 3e-2

    /// One comparison: a model, its KV cache type and its GELU evaluation.
    struct Case: Sendable, CustomStringConvertible {
        let spec: SyntheticModelSpec
        let kv: KVCacheType
        let gelu: GELUEvaluation

        /// Whether any value is rounded to f16 on the way (then only the rounding tolerance holds).
        var roundsToF16: Bool { kv == .f16 || (spec.architecture == "gemma3" && gelu == .f16Table) }
        var description: String { "\(spec.architecture) kv=\(kv) gelu=\(gelu)" }

        /// Every architecture with an exact f32 path (strict) and with llama.cpp's f16 defaults; Gemma 3 also with
        /// an f32 cache and the GELU table.
        static let all: [Case] = SyntheticModelSpec.all.flatMap { spec in
            [Case(spec: spec, kv: .f32, gelu: .exact), Case(spec: spec, kv: .f16, gelu: .f16Table)]
        } + [Case(spec: .gemma3, kv: .f32, gelu: .f16Table)]
    }

    /// Two prompts: A longer than Gemma's 4-token test window, B shorter.
    static func sequences(_ spec: SyntheticModelSpec) -> (a: [TokenID], b: [TokenID]) {
        var random = SplitMix64(seed: 99)
        let vocabulary = UInt64(spec.vocabularySize)
        let a = (0..<9).map { _ in TokenID(random.next() % vocabulary) }
        let b = (0..<6).map { _ in TokenID(random.next() % vocabulary) }
        return (a, b)
    }

    @Test(arguments: Case.all)
    func matchesNumpyReference(_ c: Case) throws {
        let spec = c.spec, kv = c.kv
        let path = temporaryModelPath(spec.architecture)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SyntheticModel.write(spec, to: path)
        let (a, b) = Self.sequences(spec)
        let tolerance = c.roundsToF16 ? Self.roundingTolerance : Self.strictTolerance
        let reference = try PythonReference.logits(
            model: path, sequences: [a, b], kv: kv == .f16 ? "ggml-fa" : "f32", gelu: c.gelu == .exact ? "exact" : "table")
        let file = try GGUFFile(path: path)
        let model = try TransformerModel(
            file: file,
            options: TransformerOptions(
                contextLength: 64, slotCount: 2, maxBatchTokens: 16, kvCacheType: kv, threadCount: 2, gelu: c.gelu))

        // One sequence: a 4-token prefill with every row's logits, then one decode step per token.
        var alone: [[Float]] = []
        var output = try model.forward([BatchEntry(slot: 0, tokens: a[0..<4], startPosition: 0, logits: .all)])
        for r in 0..<4 { alone.append(Array(output.row(r))) }
        for i in 4..<a.count {
            output = try model.forward([BatchEntry(slot: 0, tokens: a[i...i], startPosition: i, logits: .last)])
            alone.append(Array(output.row(0)))
        }
        var worst = 0.0
        for (i, row) in alone.enumerated() {
            let error = row.withUnsafeBufferPointer { relativeError($0, reference[0][i]) }
            worst = max(worst, error)
            #expect(error <= tolerance, "\(c): sequence A position \(i) off by \(error)")
        }

        // Both sequences in one batch: A's 5-token prefill (all rows) beside B's 3-token prefill (last row), then
        // decode steps for both at once until B ends, then A alone.
        try model.clear(slot: 0)
        output = try model.forward([
            BatchEntry(slot: 0, tokens: a[0..<5], startPosition: 0, logits: .all),
            BatchEntry(slot: 1, tokens: b[0..<3], startPosition: 0, logits: .last),
        ])
        #expect(output.rowCount == 6)
        var batchedA: [[Float]] = (0..<5).map { Array(output.row($0)) }
        var batchedB: [(position: Int, row: [Float])] = [(2, Array(output.row(5)))]
        for i in 5..<a.count {
            let j = i - 2
            var entries = [BatchEntry(slot: 0, tokens: a[i...i], startPosition: i, logits: .last)]
            if j < b.count { entries.append(BatchEntry(slot: 1, tokens: b[j...j], startPosition: j, logits: .last)) }
            output = try model.forward(entries)
            batchedA.append(Array(output.row(0)))
            if j < b.count { batchedB.append((j, Array(output.row(1)))) }
        }
        // Batched rows go through the same kernels as llama.cpp would pick for that many rows, so they may round
        // differently from the rows run alone; both must match the reference.
        for (i, row) in batchedA.enumerated() {
            let error = row.withUnsafeBufferPointer { relativeError($0, reference[0][i]) }
            worst = max(worst, error)
            #expect(error <= tolerance, "\(c): batched sequence A position \(i) off by \(error)")
        }
        for (position, row) in batchedB {
            let error = row.withUnsafeBufferPointer { relativeError($0, reference[1][position]) }
            worst = max(worst, error)
            #expect(error <= tolerance, "\(c): sequence B position \(position) off by \(error)")
        }
        print("SyntheticParity \(c): worst relative error \(String(format: "%.2e", worst)) (bound \(tolerance))")
    }
}
