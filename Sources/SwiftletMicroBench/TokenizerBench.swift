import Foundation
import GGUF
import TestSupport
import Tokenizers

/// Tokenizer speed on about 1 MB of English and code (the package's own sources, and the shared design notes beside
/// the package when present): MB/s by wall clock and by thread CPU time, best of five.
enum TokenizerBench {
    /// The prose and code repeated to 1 MiB.
    static func corpus(_ unique: String) -> String {
        var text = ""
        while text.utf8.count < 1 << 20 { text += unique }
        return String(decoding: text.utf8.prefix(1 << 20), as: UTF8.self)
    }

    /// The prose and code once, without repetition (a few hundred kB).
    static func uniqueCorpus() throws -> String {
        var parts: [String] = []
        let fileManager = FileManager.default
        let docs = TestPaths.packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        if let names = try? fileManager.contentsOfDirectory(atPath: docs.path) {
            for name in names.sorted() where name.hasSuffix(".md") {
                parts.append(try String(contentsOf: docs.appendingPathComponent(name), encoding: .utf8))
            }
        }
        let sources = TestPaths.packageRoot.appendingPathComponent("Sources")
        if let walker = fileManager.enumerator(atPath: sources.path) {
            for case let path as String in walker where path.hasSuffix(".swift") {
                parts.append(try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8))
            }
        }
        return parts.joined(separator: "\n\n")
    }

    /// Best-of-five MB/s of `encode` on `text`, by wall clock and by this thread's CPU time.
    static func measure(_ tokenizer: Tokenizer, _ text: String) -> (wall: Double, cpu: Double, tokens: Int) {
        var bestWall = Double.infinity
        var bestCPU = Double.infinity
        var tokens = 0
        for _ in 0..<5 {
            let start = ContinuousClock.now
            let cpuStart = Timing.threadCPUSeconds()
            tokens = tokenizer.encode(text, addSpecial: false).count
            let cpu = Timing.threadCPUSeconds() - cpuStart
            bestWall = min(bestWall, Timing.seconds(ContinuousClock.now - start))
            bestCPU = min(bestCPU, cpu)
        }
        let megabytes = Double(text.utf8.count) / 1_000_000
        return (megabytes / bestWall, megabytes / bestCPU, tokens)
    }

    static func run() throws {
        let unique = try uniqueCorpus()
        let text = corpus(unique)
        let smol = try Tokenizer.load(from: GGUFFile(path: TestPaths.model(fileName: TestPaths.smolLM2)))
        let gemma = try Tokenizer.load(from: GGUFFile(path: TestPaths.model(fileName: TestPaths.gemma3)))
        for (name, tokenizer) in [("SmolLM2", smol), ("Gemma 3", gemma)] {
            let (wall, cpu, tokens) = measure(tokenizer, text)
            print("tokenizers \(name): " + String(format: "%.2f MB/s wall, %.2f MB/s of thread CPU time", wall, cpu)
                  + " (\(text.utf8.count) bytes → \(tokens) tokens)")
        }
        let (wall, cpu, tokens) = measure(smol, unique)
        print("tokenizers SmolLM2, text without repetition: "
              + String(format: "%.2f MB/s wall, %.2f MB/s of thread CPU time", wall, cpu)
              + " (\(unique.utf8.count) bytes → \(tokens) tokens)")
    }
}
