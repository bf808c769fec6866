// Greedy parity and perplexity with llama.cpp (TestSupport's GreedyParity and PerplexityCheck, the rules of
// GreedyParityTests and PerplexityCommandTests) as a plain program, for builds that do not build the test bundle:
// scripts/test.sh runs it on the portable build
//
//     SWIFTLET_PORTABLE_BUILD=1 swift build -c release --build-path .build-portable --product SwiftletParity
//     .build-portable/release/SwiftletParity --perplexity
//
// Needs the catalog models (`swiftlet pull --all`). Prints a line per case (and per model with `--perplexity`); exits
// 1 if any breaks its rule.
import Foundation
import Kernels
import TestSupport

print("SwiftletParity: kernel variant \(activeKernelVariant)")
let withPerplexity = CommandLine.arguments.dropFirst().contains("--perplexity")
var failures = 0
do {
    for (modelFile, splits) in [(TestPaths.smolLM2, []), (TestPaths.gemma3, GreedyParity.gemmaPromptSplits)] {
        let results = try GreedyParity.runFixture(modelFile: modelFile, promptSplits: splits)
        for (index, result) in results.enumerated() where !GreedyParity.passes(result) {
            print("FAIL \(modelFile) case \(index): max |Δlogprob| \(result.maxDifference) at step \(result.worstStep)"
                + (result.mismatch.map { "; \($0)" } ?? ""))
            failures += 1
        }
    }
    if withPerplexity {
        for reference in PerplexityCheck.references {
            let started = Date()
            let perplexity = try PerplexityCheck.run(reference)
            let pass = PerplexityCheck.passes(perplexity, reference)
            print(String(format: "%@ perplexity %@: %.4f (llama.cpp %.4f, %+.2f%%) in %.0f s",
                pass ? "ok" : "FAIL", reference.catalogID, perplexity, reference.llamaCpp,
                100 * (perplexity / reference.llamaCpp - 1), Date().timeIntervalSince(started)))
            if !pass { failures += 1 }
        }
    }
} catch {
    print("SwiftletParity: \(error)")
    exit(1)
}
print(failures == 0 ? "SwiftletParity: every check matches llama.cpp" : "SwiftletParity: \(failures) check(s) failed")
exit(failures == 0 ? 0 : 1)
