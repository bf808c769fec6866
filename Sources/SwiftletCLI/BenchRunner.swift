import Engine
import Foundation
import InferenceTypes

/// What one bench test does, in llama-bench's terms: a prompt test (`pp512`: `nPrompt` tokens of one sequence in
/// batches of at most `n_batch`) or a generation test (`tg128`: `nGen` steps of one token per sequence, `nSeqs`
/// sequences stepped together), each after `nDepth` tokens already in every sequence's cache (not timed).
struct BenchTest: Hashable {
    var nPrompt: Int
    var nGen: Int
    var nDepth: Int
    var nSeqs: Int

    /// Tokens one repetition processes: the prompt, or every sequence's generated tokens.
    var tokenCount: Int { nPrompt > 0 ? nPrompt : nGen * nSeqs }

    /// llama-bench's name: `pp512`, `tg128`, `tg128 @ d1024`; ours adds `x4 seqs` for several sequences.
    var name: String {
        var s = nPrompt > 0 ? "pp\(nPrompt)" : "tg\(nGen)"
        if nDepth > 0 { s += " @ d\(nDepth)" }
        if nSeqs > 1 { s += " x\(nSeqs) seqs" }
        return s
    }
}

/// Times bench tests on the model adapter the engine itself drives (`TransformerBatchModel.forward`, the call an
/// engine step makes), as llama-bench times `llama_decode`: random token ids, no sampling, logits of each entry's
/// last token computed.
///
/// - Important: not thread-safe; one thread runs everything (the model uses its worker pool inside each call).
final class BenchRunner {
    let model: TransformerBatchModel
    /// Most tokens per forward call (`-b`).
    let batchTokens: Int
    // [batchTokens] token ids of one forward call.
    private var tokens: [TokenID]
    // [slotCount] entries of one forward call.
    private var entries: [ForwardEntry]
    private var random: UInt64 = 0x9E37_79B9_7F4A_7C15

    init(model: TransformerBatchModel, batchTokens: Int) {
        self.model = model
        self.batchTokens = batchTokens
        tokens = [TokenID](repeating: 0, count: batchTokens)
        entries = []
        entries.reserveCapacity(model.slotCount)
    }

    /// Runs `test` once untimed (warm-up), then `repetitions` times, and returns each repetition's nanoseconds.
    /// Every run starts from empty slots and first fills `nDepth` positions of each sequence (not timed).
    func measure(_ test: BenchTest, repetitions: Int) throws -> [UInt64] {
        var samples: [UInt64] = []
        for rep in -1..<repetitions {
            let ns = try runOnce(test)
            if rep >= 0 { samples.append(ns) }
        }
        return samples
    }

    /// One run of `test`; returns the nanoseconds of its timed part.
    func runOnce(_ test: BenchTest) throws -> UInt64 {
        prepare(test)
        try fillDepth(test)
        let start = DispatchTime.now().uptimeNanoseconds
        try runTimed(test)
        return DispatchTime.now().uptimeNanoseconds - start
    }

    /// Empties the slots `test` uses.
    func prepare(_ test: BenchTest) {
        for slot in 0..<max(1, test.nSeqs) { model.resetSlot(slot) }
    }

    /// Fills `nDepth` positions of every sequence of `test`.
    func fillDepth(_ test: BenchTest) throws {
        guard test.nDepth > 0 else { return }
        let sequences = test.nPrompt > 0 ? 1 : test.nSeqs
        for slot in 0..<sequences { try prefill(slot: slot, count: test.nDepth, from: 0) }
    }

    /// The timed part of `test` (after ``prepare(_:)`` and ``fillDepth(_:)``).
    func runTimed(_ test: BenchTest) throws {
        if test.nPrompt > 0 {
            try prefill(slot: 0, count: test.nPrompt, from: test.nDepth)
        } else {
            try generate(sequences: test.nSeqs, steps: test.nGen, from: test.nDepth)
        }
    }

    /// Feeds `count` random tokens to `slot` from `position` in forward calls of at most `batchTokens` tokens.
    func prefill(slot: Int, count: Int, from position: Int) throws {
        var done = 0
        while done < count {
            let n = min(batchTokens, count - done)
            for i in 0..<n { tokens[i] = nextToken() }
            entries.removeAll(keepingCapacity: true)
            entries.append(ForwardEntry(slot: slot, tokenOffset: 0, tokenCount: n, position: position + done,
                wantsLogits: done + n == count))
            try forward(tokenCount: n)
            done += n
        }
    }

    /// `steps` decode steps: each feeds one random token to each of slots `0 ..< sequences` in one forward call.
    func generate(sequences: Int, steps: Int, from position: Int) throws {
        for step in 0..<steps {
            entries.removeAll(keepingCapacity: true)
            for slot in 0..<sequences {
                tokens[slot] = nextToken()
                entries.append(ForwardEntry(slot: slot, tokenOffset: slot, tokenCount: 1, position: position + step,
                    wantsLogits: true))
            }
            try forward(tokenCount: sequences)
        }
    }

    private func forward(tokenCount: Int) throws {
        _ = try tokens.withUnsafeBufferPointer { t in
            try entries.withUnsafeBufferPointer { e in
                try model.forward(tokens: UnsafeBufferPointer(rebasing: t[0..<tokenCount]), entries: e)
            }
        }
    }

    /// A pseudo-random token id (splitmix64), the same sequence on every run.
    private func nextToken() -> TokenID {
        random &+= 0x9E37_79B9_7F4A_7C15
        var z = random
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return TokenID(truncatingIfNeeded: z % UInt64(model.vocabularySize))
    }
}
