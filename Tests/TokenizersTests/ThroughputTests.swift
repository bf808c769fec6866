import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TestSupport
import Testing
import Tokenizers

/// Tokenizer speed on about 1 MB of English + code. Prints MB/s and never fails on a slow machine; run it in release:
/// `swift test -c release --filter tokenizerThroughput` (target: ≥ 5 MB/s for SmolLM2 on one core).
@Suite struct ThroughputTests {
    /// English prose (the shared design notes) and Swift code (this package's sources), repeated to 1 MiB.
    static func corpus() throws -> String {
        let unique = try uniqueCorpus()
        var text = ""
        while text.utf8.count < 1 << 20 { text += unique }
        return String(decoding: text.utf8.prefix(1 << 20), as: UTF8.self)
    }

    /// The prose and code once, without repetition (a few hundred kB).
    static func uniqueCorpus() throws -> String {
        var parts: [String] = []
        let fileManager = FileManager.default
        let docs = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        for name in try fileManager.contentsOfDirectory(atPath: docs.path).sorted() where name.hasSuffix(".md") {
            parts.append(try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8))
        }
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        if let walker = fileManager.enumerator(atPath: sources.path) {
            for case let path as String in walker where path.hasSuffix(".swift") {
                parts.append(try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8))
            }
        }
        return parts.joined(separator: "\n\n")
    }

    /// CPU time of the calling thread, in seconds (unaffected by other processes competing for the cores).
    static func threadCPUSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
    }

    /// Best-of-five MB/s of `encode` on `text`, by wall clock and by this thread's CPU time.
    static func measure(_ tokenizer: Tokenizer, _ text: String) -> (wall: Double, cpu: Double, tokens: Int) {
        var bestWall = Double.infinity
        var bestCPU = Double.infinity
        var tokens = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let cpuStart = threadCPUSeconds()
            tokens = tokenizer.encode(text, addSpecial: false).count
            let cpu = threadCPUSeconds() - cpuStart
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bestWall = min(bestWall, seconds)
            bestCPU = min(bestCPU, cpu)
        }
        let megabytes = Double(text.utf8.count) / 1_000_000
        return (megabytes / bestWall, megabytes / bestCPU, tokens)
    }

    @Test func tokenizerThroughput() throws {
        let text = try Self.corpus()
        let unique = try Self.uniqueCorpus()
        let smol = try ModelTokenizers.smolLM2.get()
        let gemma = try ModelTokenizers.gemma3.get()
        for (name, tokenizer) in [("SmolLM2", smol), ("Gemma 3", gemma)] {
            let (wall, cpu, tokens) = Self.measure(tokenizer, text)
            print("tokenizerThroughput \(name): " + String(format: "%.2f MB/s wall, %.2f MB/s of thread CPU time", wall, cpu)
                  + " (\(text.utf8.count) bytes → \(tokens) tokens)")
            #expect(tokens > 0)
        }
        let (wall, cpu, tokens) = Self.measure(smol, unique)
        print("tokenizerThroughput SmolLM2, text without repetition: "
              + String(format: "%.2f MB/s wall, %.2f MB/s of thread CPU time", wall, cpu)
              + " (\(unique.utf8.count) bytes → \(tokens) tokens)")
    }
}
