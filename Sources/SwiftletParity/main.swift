// Greedy parity with llama.cpp's fixtures (TestSupport's GreedyParity, the rule of GreedyParityTests) as a plain
// program, for builds that do not build the test bundle: scripts/test.sh runs it on the portable build
//
//     SWIFTLET_PORTABLE_BUILD=1 swift build -c release --build-path .build-portable --product SwiftletParity
//     .build-portable/release/SwiftletParity
//
// Needs the catalog models (`swiftlet pull --all`). Prints a line per case; exits 1 if any case breaks the rule.
import Foundation
import Kernels
import TestSupport

print("SwiftletParity: kernel variant \(activeKernelVariant)")
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
} catch {
    print("SwiftletParity: \(error)")
    exit(1)
}
print(failures == 0 ? "SwiftletParity: every case matches llama.cpp" : "SwiftletParity: \(failures) case(s) failed")
exit(failures == 0 ? 0 : 1)
