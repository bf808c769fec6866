import Foundation
import TestSupport
import Testing
import Tokenizers

/// Tokenizer speed on about 1 MB of English + code. Prints MB/s and never fails on a slow machine; run it in release:
/// `swift test -c release --filter tokenizerThroughput` (target: ≥ 5 MB/s for SmolLM2 on one core).
@Suite struct ThroughputTests {
    /// English prose (the shared design notes) and Swift code (this package's sources), repeated to 1 MiB.
    static func corpus() throws -> String {
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
        let unique = parts.joined(separator: "\n\n")
        var text = ""
        while text.utf8.count < 1 << 20 { text += unique }
        return String(decoding: text.utf8.prefix(1 << 20), as: UTF8.self)
    }

    /// Best-of-three MB/s of `encode` on `text`.
    static func measure(_ tokenizer: Tokenizer, _ text: String) -> (mbPerSecond: Double, tokens: Int) {
        var best = Double.infinity
        var tokens = 0
        for _ in 0..<3 {
            let start = ContinuousClock.now
            tokens = tokenizer.encode(text, addSpecial: false).count
            let elapsed = ContinuousClock.now - start
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
        }
        return (Double(text.utf8.count) / 1_000_000 / best, tokens)
    }

    @Test func tokenizerThroughput() throws {
        let text = try Self.corpus()
        let smol = try ModelTokenizers.smolLM2.get()
        let (smolSpeed, smolTokens) = Self.measure(smol, text)
        print(String(format: "tokenizerThroughput SmolLM2: %.2f MB/s (%d bytes → %d tokens)",
                     smolSpeed, text.utf8.count, smolTokens))
        let gemma = try ModelTokenizers.gemma3.get()
        let (gemmaSpeed, gemmaTokens) = Self.measure(gemma, text)
        print(String(format: "tokenizerThroughput Gemma 3: %.2f MB/s (%d bytes → %d tokens)",
                     gemmaSpeed, text.utf8.count, gemmaTokens))
        #expect(smolTokens > 0 && gemmaTokens > 0)
    }
}
