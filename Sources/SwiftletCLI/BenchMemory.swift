import Foundation
import Transformer

/// Memory figures `swiftlet bench` reports beside its speeds.
enum BenchMemory {
    /// The process's peak resident set size so far (`VmHWM` of /proc/self/status), in bytes; nil where there is no
    /// procfs. Mapped model pages that were read count in it, as they do for llama.cpp.
    static func peakResidentBytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:     123456 kB"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
            return kb * 1024
        }
        return nil
    }

    /// Bytes of the KV cache `model` reserves for `slotCount` slots of `contextLength` positions with batches of
    /// `maxBatchTokens`, computed the way the Transformer sizes it: per slot and layer `capacity × (keyWidth +
    /// valueWidth)` elements, where a sliding-window layer's ring holds `window + maxBatchTokens − 1` rows when that
    /// is less than the context.
    static func kvCacheBytes(
        _ hp: HyperParameters, type: KVCacheType, slotCount: Int, contextLength: Int, maxBatchTokens: Int
    ) -> Int {
        let elementBytes = type == .f16 ? 2 : 4
        let ringRows = hp.slidingWindow + maxBatchTokens - 1
        var rows = 0
        for layer in hp.layers {
            let ring = layer.usesSlidingWindow && hp.slidingWindow > 0 && ringRows < contextLength
            rows += ring ? ringRows : contextLength
        }
        return slotCount * rows * (hp.keyWidth + hp.valueWidth) * elementBytes
    }

    /// `1234567` → `"1.18 MiB"`.
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.2f MiB", Double(bytes) / 1_048_576)
    }
}
