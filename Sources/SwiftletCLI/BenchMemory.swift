import Foundation

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

    /// `1234567` → `"1.18 MiB"`.
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.2f MiB", Double(bytes) / 1_048_576)
    }
}
