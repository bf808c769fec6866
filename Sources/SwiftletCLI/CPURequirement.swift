import CPUCheck
import Foundation

/// Exits with a clear message when this CPU lacks an instruction-set extension the release build was compiled for
/// (`-target-cpu haswell`: AVX2, FMA, F16C, BMI1/2, …), instead of dying later with SIGILL inside a kernel, and names
/// the build that runs there (the portable engine, which Package.swift also picks by itself on such a build host).
///
/// - Important: call it first thing in `main`, before any code of a hot target (compiled for AVX2) can run. The
///   check itself is plain C in the `CPUCheck` target, which is compiled without any CPU flag; this file's target
///   (SwiftletCLI) is compiled without one too.
func requireCPUFeatures() {
    var buffer = [CChar](repeating: 0, count: 256)
    let missing = swiftlet_missing_cpu_features(&buffer, buffer.count)
    guard missing > 0 else { return }
    let names = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    FileHandle.standardError.write(Data(("error: this CPU lacks instructions swiftlet was built for: \(names). "
        + "This build of swiftlet needs an x86-64 CPU with AVX2, FMA and F16C (Intel Haswell / AMD Zen or newer); "
        + "it was built on or for another machine. On this one, build the portable engine: "
        + "`SWIFTLET_PORTABLE_BUILD=1 swift build -c release` (a build on a CPU without AVX2 picks it by itself).\n")
        .utf8))
    exit(78)  // EX_CONFIG
}
