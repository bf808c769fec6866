import Foundation
import GGUF
import InferenceTypes
import TestSupport
import Transformer

/// Prefill and decode speed of the forward pass on the real models: one sequence, and four decoded together.
/// `SWIFTLET_THREADS` sets the thread count.
enum DecodeBench {
    static func run() throws {
        for modelFile in [TestPaths.smolLM2, TestPaths.gemma3] {
            try measure(modelFile)
        }
    }

    static func measure(_ modelFile: String) throws {
        let file = try GGUFFile(path: try TestPaths.model(fileName: modelFile))
        let model = try TransformerModel(
            file: file,
            options: TransformerOptions(
                contextLength: 512, slotCount: 4, maxBatchTokens: 64,
                threadCount: ProcessInfo.processInfo.environment["SWIFTLET_THREADS"].flatMap { Int($0) }))
        let prompt: [TokenID] = (0..<32).map { TokenID(100 + $0 * 37) }
        let steps = 48

        var clock = ContinuousClock.now
        var output = try model.forward([BatchEntry(slot: 0, tokens: prompt, startPosition: 0, logits: .last)])
        let prefill = ContinuousClock.now - clock
        var token = argmax(output.row(0))
        clock = ContinuousClock.now
        for i in 0..<steps {
            output = try model.forward([BatchEntry(slot: 0, tokens: [token], startPosition: prompt.count + i, logits: .last)])
            token = argmax(output.row(0))
        }
        let single = ContinuousClock.now - clock

        for slot in 1..<4 {
            _ = try model.forward([BatchEntry(slot: slot, tokens: prompt, startPosition: 0, logits: .none)])
        }
        try model.truncate(slot: 0, to: prompt.count)
        var tokens: [TokenID] = [1, 2, 3, 4]
        var entries: [BatchEntry] = []
        entries.reserveCapacity(4)
        clock = ContinuousClock.now
        for i in 0..<steps {
            entries.removeAll(keepingCapacity: true)
            for slot in 0..<4 {
                entries.append(BatchEntry(slot: slot, tokens: [tokens[slot]], startPosition: prompt.count + i, logits: .last))
            }
            output = try model.forward(entries)
            for slot in 0..<4 { tokens[slot] = TokenID(argmax(output.row(slot))) }
        }
        let batched = ContinuousClock.now - clock

        func perSecond(_ count: Int, _ d: Duration) -> String {
            String(format: "%.1f", Double(count) / Timing.seconds(d))
        }
        print(
            "decode \(modelFile): prefill \(prompt.count) tokens at \(perSecond(prompt.count, prefill)) tok/s; "
                + "decode 1 sequence \(perSecond(steps, single)) tok/s; "
                + "4 sequences \(perSecond(4 * steps, batched)) tok/s total")
    }

    static func argmax(_ row: UnsafeBufferPointer<Float>) -> TokenID {
        var best = 0
        for i in row.indices where row[i] > row[best] { best = i }
        return TokenID(best)
    }
}
