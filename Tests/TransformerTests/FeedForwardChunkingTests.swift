import GGUF
import InferenceTypes
import TestSupport
import Testing
import Transformer

/// The feed-forward block runs long batches in row chunks (`TransformerOptions.feedForwardChunkRows`, default 128)
/// so that its `[rows, n_ff]` scratch stays small. Every row must come out bit for bit as in one pass over all rows:
/// the kernels pick their arithmetic by row count (ggml's tiled K-quant path from 8 rows) and group rows by 4, so a
/// chunk boundary in the wrong place (a last chunk under 8 rows, a chunk that is not a multiple of 4) changes the
/// last bits of some rows. Checked on the real files (Gemma 3: Q5_0, Q4_K, Q6_K, Q8_0; SmolLM2: Q4_1, Q8_0).
@Suite(.serialized)
struct FeedForwardChunkingTests {
    @Test(arguments: [TestPaths.gemma3, TestPaths.smolLM2])
    func chunkedRowsMatchOnePass(modelFile: String) throws {
        let file = try GGUFFile(path: try TestPaths.model(fileName: modelFile))
        func model(chunkRows: Int) throws -> TransformerModel {
            try TransformerModel(file: file, options: TransformerOptions(
                contextLength: 320, maxBatchTokens: 300, feedForwardChunkRows: chunkRows))
        }
        let whole = try model(chunkRows: 1 << 20)
        let chunked = [try model(chunkRows: 128), try model(chunkRows: 16)]
        var state: UInt64 = 7
        let vocabulary = UInt64(whole.hyperParameters.vocabularySize)
        let tokens: [TokenID] = (0..<300).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return TokenID(truncatingIfNeeded: 2 + (state >> 33) % (vocabulary - 2))
        }
        // 300 rows: chunks 128 + 128 + 44 (16 × 18 + 12); 260 rows: 128 + 120 + 12 and 16 × 15 + 8 + 12, since a
        // remainder of 4 rows would fall under the tiled kernels' 8-row threshold.
        for count in [300, 260] {
            let entry = BatchEntry(slot: 0, tokens: Array(tokens[0..<count]), startPosition: 0, logits: .all)
            try whole.truncate(slot: 0, to: 0)
            let one = try whole.forward([entry])
            let reference = (0..<count).map { Array(one.row($0)) }
            for (m, chunkRows) in zip(chunked, [128, 16]) {
                try m.truncate(slot: 0, to: 0)
                let out = try m.forward([entry])
                #expect(out.rowCount == count)
                var differing: [Int] = []
                for r in 0..<count where !out.row(r).elementsEqual(reference[r]) { differing.append(r) }
                #expect(differing.isEmpty,
                    "\(modelFile), \(count) rows in chunks of \(chunkRows): rows \(differing.prefix(10)) differ")
            }
        }
    }
}
