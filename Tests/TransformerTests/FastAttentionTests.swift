import GGUF
import InferenceTypes
import TestSupport
import Testing
import Transformer

/// The fast attention path (query heads that share a KV head attended together, each f16 key and value row widened
/// once for the group; softmax exponentials 8 keys at a time through `libmExpf`) against the reference (one head per
/// item, libm `expf` per key). Every logit must be bit-identical, in prefill and in decode (one row on 2 threads:
/// Gemma 3 groups 2 heads per item, SmolLM2 3; on 4 threads one head per item; four rows: whole groups), and on 1, 2
/// and 4 threads alike. Rows past position 256 attend in 128-position chunks (SplitAttention.swift): the reference
/// walks them in turn, a lone decode row on 2 or 4 threads hands them to the pool as items of their own, and all of
/// them must merge to the same bits. Prompt chunks of 64 rows and more (the 560-token prompt, the 80- and 120-token
/// ones) attend in tiles (TiledAttention.swift): the vector kernels against their scalar references, the tiles
/// spread over the pool's items on 2 and 4 threads and run in turn on 1.
@Suite(.serialized)
struct FastAttentionTests {
    @Test(arguments: [TestPaths.gemma3, TestPaths.smolLM2])
    func fastAttentionMatchesReference(modelFile: String) throws {
        let file = try GGUFFile(path: try TestPaths.model(fileName: modelFile))
        func model(fast: Bool, threads: Int = 2) throws -> TransformerModel {
            try TransformerModel(file: file, options: TransformerOptions(
                contextLength: 640, slotCount: 4, maxBatchTokens: 600, threadCount: threads, referenceAttention: !fast))
        }
        // The reference, then the fast path on 2 threads and on 4 (where a lone decode row has fewer head groups
        // than threads, so each item takes one head), and on 1 thread (every step inline: the row-wise norms, RoPE
        // and activations that the pool splits in row chunks for a prefill batch must give the same rows).
        let models = [
            try model(fast: false), try model(fast: true), try model(fast: true, threads: 4),
            try model(fast: true, threads: 1),
        ]
        var state: UInt64 = 11
        let vocabulary = UInt64(models[0].hyperParameters.vocabularySize)
        func token() -> TokenID {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return TokenID(truncatingIfNeeded: 2 + (state >> 33) % (vocabulary - 2))
        }
        // 560 prompt tokens (past Gemma's 512-position sliding window), then 6 decode steps of one slot alone and 3
        // steps of four slots together.
        let prompt = (0..<560).map { _ in token() }
        let steps = (0..<6).map { _ in token() }
        let shared = (0..<12).map { _ in token() }
        var outputs: [[[Float]]] = models.map { _ in [] }
        for (m, model) in models.enumerated() {
            func record(_ out: ForwardOutput) { outputs[m] += (0..<out.rowCount).map { Array(out.row($0)) } }
            record(try model.forward([BatchEntry(slot: 0, tokens: prompt, startPosition: 0, logits: .all)]))
            for (i, t) in steps.enumerated() {
                record(try model.forward([BatchEntry(slot: 0, tokens: [t], startPosition: 560 + i, logits: .last)]))
            }
            for slot in 1..<4 {
                _ = try model.forward([
                    BatchEntry(slot: slot, tokens: Array(prompt[0..<(40 * slot)]), startPosition: 0, logits: .none)])
            }
            for step in 0..<3 {
                let entries = (0..<4).map { slot in
                    BatchEntry(slot: slot, tokens: [shared[4 * step + slot]],
                               startPosition: slot == 0 ? 566 + step : 40 * slot + step, logits: .last)
                }
                record(try model.forward(entries))
            }
        }
        #expect(outputs[0].count == 560 + 6 + 12)
        for m in 1..<models.count {
            #expect(outputs[m].count == outputs[0].count)
            let differing = outputs[0].indices.filter { outputs[0][$0] != outputs[m][$0] }
            #expect(
                differing.isEmpty, "\(modelFile): logit rows \(differing.prefix(10)) differ from the reference (model \(m))")
        }
    }

    /// A tiled row's values depend only on its position, its window and the cache, not on the tile or the forward
    /// call it shares: a 600-token prompt fed whole, as 100 + 500 tokens and as 64 + 70 + 466 (every chunk long
    /// enough to be tiled; tiles then start at different rows) leaves the same cache, so the last prompt row and the
    /// decode step after it get the same logits, bit for bit — on Gemma 3 too, whose local layers see only the last
    /// 512 positions.
    @Test(arguments: [TestPaths.gemma3, TestPaths.smolLM2])
    func tiledPrefillDoesNotDependOnTheCut(modelFile: String) throws {
        let file = try GGUFFile(path: try TestPaths.model(fileName: modelFile))
        let model = try TransformerModel(file: file, options: TransformerOptions(
            contextLength: 640, slotCount: 3, maxBatchTokens: 600, threadCount: 2))
        let vocabulary = UInt64(model.hyperParameters.vocabularySize)
        var random = SplitMix64(seed: 5)
        let prompt = (0..<601).map { _ in TokenID(truncatingIfNeeded: 2 + random.next() % (vocabulary - 2)) }
        var results: [[[Float]]] = []
        for (slot, cuts) in [[0, 600], [0, 100, 600], [0, 64, 134, 600]].enumerated() {
            var logits: [[Float]] = []
            for (start, end) in zip(cuts, cuts.dropFirst()) {
                let out = try model.forward([BatchEntry(
                    slot: slot, tokens: prompt[start..<end], startPosition: start, logits: end == 600 ? .last : .none)])
                if end == 600 { logits.append(Array(out.row(0))) }
            }
            let step = try model.forward([BatchEntry(slot: slot, tokens: prompt[600...], startPosition: 600, logits: .last)])
            logits.append(Array(step.row(0)))
            results.append(logits)
        }
        for cut in 1..<results.count {
            let differing = zip(results[cut], results[0]).map { a, b in zip(a, b).filter { $0 != $1 }.count }
            #expect(differing == [0, 0], "\(modelFile): cut \(cut) changes \(differing) logits (last prompt row, step)")
        }
    }
}
