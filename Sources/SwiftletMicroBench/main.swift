// Micro-benchmarks of the engine's parts: kernels, element-wise ops, the forward pass on the real models, tokenizers
// and the sampler. They print timings and never fail; build and run in release:
//
//     swift build -c release --product SwiftletMicroBench
//     .build/release/SwiftletMicroBench [kernels] [ops] [decode] [tokenizers] [sampler]
//
// With no arguments every group runs. `decode` and `tokenizers` need the catalog models (`swiftlet pull --all`).
import Foundation

let groups: [(name: String, run: () throws -> Void)] = [
    ("kernels", KernelBench.run),
    ("ops", OpsBench.run),
    ("decode", DecodeBench.run),
    ("tokenizers", TokenizerBench.run),
    ("sampler", SamplerBench.run),
]
let requested = Set(CommandLine.arguments.dropFirst())
let unknown = requested.subtracting(groups.map(\.name))
if !unknown.isEmpty {
    print("unknown group(s): \(unknown.sorted().joined(separator: ", ")); groups: \(groups.map(\.name).joined(separator: " "))")
    exit(2)
}
#if DEBUG
print("SwiftletMicroBench: debug build; the numbers mean little (build with -c release)")
#endif
var failed = false
for group in groups where requested.isEmpty || requested.contains(group.name) {
    do {
        try group.run()
    } catch {
        print("\(group.name): \(error)")
        failed = true
    }
}
exit(failed ? 1 : 0)
