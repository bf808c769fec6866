import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory figures `swiftlet bench` reports beside its speeds.
enum BenchMemory {
    /// The process's peak resident set size so far, in bytes: `VmHWM` of /proc/self/status where there is a procfs,
    /// else `getrusage`'s `ru_maxrss` (bytes on Darwin, KiB on Linux); nil when neither answers. Mapped model pages
    /// that were read count in it, as they do for llama.cpp.
    static func peakResidentBytes() -> Int? {
        procfsPeak() ?? rusagePeak()
    }

    private static func procfsPeak() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            // "VmHWM:     123456 kB"
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 2, let kb = Int(fields[1]) else { return nil }
            return kb * 1024
        }
        return nil
    }

    /// `ru_maxrss` of this process in bytes.
    static func rusagePeak() -> Int? {
        var usage = rusage()
        #if canImport(Glibc)
        let who = __rusage_who_t(RUSAGE_SELF.rawValue)  // an enum in glibc's headers, an Int32 elsewhere
        #else
        let who = RUSAGE_SELF
        #endif
        guard getrusage(who, &usage) == 0, usage.ru_maxrss > 0 else { return nil }
        #if canImport(Darwin)
        return Int(usage.ru_maxrss)
        #else
        return Int(usage.ru_maxrss) * 1024
        #endif
    }

    /// `1234567` → `"1.18 MiB"`.
    static func mebibytes(_ bytes: Int) -> String {
        String(format: "%.2f MiB", Double(bytes) / 1_048_576)
    }
}
