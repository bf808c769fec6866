// swift-tools-version: 6.1
// Swiftlet: a self-hostable LLM API server with its own native inference engine.
// Every layer is a target; dependencies point one way, downwards (see docs/ARCHITECTURE.md).
import Foundation
import PackageDescription

/// Settings shared by every target: Swift 6 language mode (the tools-version default) plus the upcoming
/// features the house style asks for.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Whether the build host's CPU has what the x86 engine's hot targets are compiled for (AVX2, FMA, F16C), from the
/// `flags` line of `/proc/cpuinfo` (or `SWIFTLET_HOST_CPU_FLAGS`, which scripts/check-portable.sh sets to test this).
/// Where neither says (macOS: every Mac that runs macOS 15 has them), yes.
let hostHasAVX2: Bool = {
    let flags = Context.environment["SWIFTLET_HOST_CPU_FLAGS"]
        ?? (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
            .split(separator: "\n").first { $0.hasPrefix("flags") }.map(String.init)
    guard let flags else { return true }
    let names = Set(flags.split { $0 == " " || $0 == "\t" || $0 == ":" })
    return names.contains("avx2") && names.contains("fma") && names.contains("f16c")
}()

/// Whether this build has the x86 engine: KernelsX86's C kernels (AVX2, AVX-VNNI, AVX-512, chosen at run time) and
/// the hot targets compiled for AVX2/FMA/F16C. Only on an x86-64 host, and not with `SWIFTLET_PORTABLE_BUILD=1`, which
/// builds the portable engine (Kernels' Swift twins alone, no CPU flag) as it is built elsewhere, to check on x86 that
/// it compiles and runs without x86 code (scripts/check-portable.sh). An x86-64 host without AVX2 (see
/// ``hostHasAVX2``) builds the portable engine too, since the x86 build would refuse to start on it;
/// `SWIFTLET_PORTABLE_BUILD=0` builds the x86 engine anyway (for another machine).
let x86Engine: Bool = {
    #if arch(x86_64)
    switch Context.environment["SWIFTLET_PORTABLE_BUILD"] {
    case "1": false
    case "0": true
    default: hostHasAVX2
    }
    #else
    false
    #endif
}()

/// The portable engine built on an x86-64 host (`SWIFTLET_PORTABLE_BUILD=1`): baseline x86-64 has neither FMA nor F16C,
/// so Kernels does its f16 conversions and multiply-adds in plain arithmetic there instead of a library call per lane
/// (Sources/Kernels/Formats/HalfConversion.swift). A define, not a flag: arm64 and the x86 engine do not set it.
let baselineX86: Bool = {
    #if arch(x86_64)
    !x86Engine
    #else
    false
    #endif
}()

/// Targets that run or inline vector math: with ``x86Engine``, let the compiler emit AVX2/FMA/F16C (Kernels'
/// `@inlinable` kernels are compiled in the caller's module, with the caller's flags).
let haswell: [SwiftSetting] = common + (x86Engine ? [.unsafeFlags(["-target-cpu", "haswell"])] : [])

/// Kernels alone: ``haswell`` and, with ``x86Engine`` in release, no bounds or overflow checks (`-Ounchecked`). Every
/// other target keeps its checks, so the code that parses requests and model files is tested as it ships; with
/// Transformer also unchecked, alternating `swiftlet bench` runs showed no difference beyond noise. The portable build
/// has no unsafe flag in any library target (scripts/check-portable.sh checks the manifest), so its Kernels keep their
/// overflow checks; on an x86-64 host its Kernels get ``baselineX86``'s define.
let hot: [SwiftSetting] = haswell + (x86Engine ? [.unsafeFlags(["-Ounchecked"], .when(configuration: .release))] : [])
    + (baselineX86 ? [.define("SWIFTLET_BASELINE_X86")] : [])

let package = Package(
    name: "Swiftlet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swiftlet", targets: ["SwiftletCLI"]),
        // Malloc counters for LD_PRELOAD (`swiftlet bench --count-allocs`); never linked into `swiftlet`.
        .library(name: "SwiftletAllocCounter", type: .dynamic, targets: ["AllocCounter"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        // Settings from flags, the environment and a JSON or YAML file, in one precedence order.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML"]),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Shared vocabulary.
        .target(name: "InferenceTypes", swiftSettings: common),
        // Model files.
        .target(name: "GGUF", swiftSettings: haswell),
        // All the engine's math: quantized blocks, matmuls, norms, RoPE, activations, exponentials, attention steps.
        .target(
            name: "Kernels", dependencies: ["KernelsPrefetch"] + (x86Engine ? ["KernelsX86"] : []), swiftSettings: hot),
        // The cache-line prefetch (`__builtin_prefetch`), plain C for every architecture.
        .target(name: "KernelsPrefetch"),
        // Hyperparameters, weights, KV cache and the forward pass of each architecture.
        .target(
            name: "Transformer", dependencies: ["InferenceTypes", "GGUF", "Kernels"], swiftSettings: haswell),
        // Text <-> token ids.
        .target(name: "Tokenizers", dependencies: ["InferenceTypes", "GGUF"], swiftSettings: haswell),
        // Logits -> token ids (and logprobs).
        .target(name: "Sampling", dependencies: ["InferenceTypes", "Kernels"], swiftSettings: haswell),
        // Chat templates.
        .target(name: "Jinja", swiftSettings: common),
        .target(name: "ChatTemplates", dependencies: ["InferenceTypes", "Jinja"], swiftSettings: common),
        // Sequences, scheduling, stop conditions, batched steps.
        .target(
            name: "Engine", dependencies: ["InferenceTypes", "Tokenizers", "Sampling", "Transformer", "Constraints"],
            swiftSettings: haswell),
        // Grammar-constrained decoding: JSON schema / GBNF -> grammar, token masks.
        .target(name: "Constraints", dependencies: ["InferenceTypes"], swiftSettings: haswell),
        // Model output text -> reasoning, content and tool-call events (streaming-safe).
        .target(name: "OutputParsing", dependencies: ["InferenceTypes"], swiftSettings: common),
        // Model catalog, pull, load; the pipeline.
        .target(
            name: "Inference",
            dependencies: [
                "InferenceTypes", "GGUF", "Tokenizers", "ChatTemplates", "Jinja", "Engine", "Transformer",
                "OutputParsing", "Constraints", .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: common
        ),
        // HTTP API: shared SSE frames and ids, the two protocol dialects, the Hummingbird server.
        .target(name: "APICommon", dependencies: ["InferenceTypes"], swiftSettings: common),
        .target(name: "OpenAIAPI", dependencies: ["InferenceTypes", "APICommon"], swiftSettings: common),
        .target(
            name: "AnthropicAPI",
            dependencies: ["InferenceTypes", "APICommon", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: common),
        // The platform's state (keys, reservations, rate buckets, usage ledger): SQLite through GRDB by default,
        // PostgreSQL through postgres-nio for several instances. Beside the server, never below inference.
        .target(
            name: "Storage",
            dependencies: [
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: common),
        // The web pages (playground, model pages, usage) and their markdown / llms.txt twins: renderers plus the
        // CSS and JavaScript they load, shipped as resources. Knows nothing of HTTP; the server serves it.
        .target(name: "Web", dependencies: ["InferenceTypes"], resources: [.copy("Assets")], swiftSettings: common),
        // Upstream models: an inference service over HTTP to OpenAI- or Anthropic-compatible engines and providers
        // (the translation itself is in the API targets), with failover, circuit breakers and timeouts; the service
        // that routes each model to the local engine or its upstream.
        .target(
            name: "Upstream",
            dependencies: [
                "Inference", "InferenceTypes", "APICommon", "OpenAIAPI", "AnthropicAPI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: common),
        .target(
            name: "Server",
            dependencies: [
                "Inference", "OpenAIAPI", "AnthropicAPI", "APICommon", "InferenceTypes", "Storage", "Upstream", "Web",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: common
        ),
        // Start-up check for the instructions the hot targets are compiled for (plain C, no -target-cpu flag); without
        // the x86 engine they need none.
        .target(name: "CPUCheck", cSettings: x86Engine ? [] : [.define("SWIFTLET_NO_CPU_REQUIREMENT")]),
        // Allocation counters, loaded only with LD_PRELOAD from the SwiftletAllocCounter library product.
        .target(name: "AllocCounter"),
        // The command-line tool.
        .executableTarget(
            name: "SwiftletCLI",
            dependencies: [
                "CPUCheck", "Inference", "GGUF", "Tokenizers", "ChatTemplates", "Jinja", "InferenceTypes", "Engine", "Transformer",
                "Kernels",
                "Server", "Storage", "Upstream", .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: common
        ),
        // Micro-benchmarks of kernels, ops, the forward pass, tokenizers and the sampler (Benchmarks/README.md).
        .executableTarget(
            name: "SwiftletMicroBench",
            dependencies: ["Kernels", "Transformer", "GGUF", "InferenceTypes", "Tokenizers", "Sampling", "TestSupport"],
            swiftSettings: haswell),
        // Greedy parity with llama.cpp outside XCTest (scripts/test.sh runs it on the portable build, whose test
        // bundle it does not build).
        .executableTarget(name: "SwiftletParity", dependencies: ["TestSupport", "Kernels"], swiftSettings: common),
        // Helpers for tests: synthetic GGUF writer, fixture and model locators, the greedy-parity runner.
        .target(
            name: "TestSupport",
            dependencies: [
                "GGUF", "InferenceTypes", "Inference", "Engine", "Tokenizers", "ChatTemplates", "Kernels", "Transformer",
            ],
            swiftSettings: common),

        .testTarget(name: "StorageTests", dependencies: ["Storage"], swiftSettings: common),
        .testTarget(name: "WebTests", dependencies: ["Web", "InferenceTypes"], swiftSettings: common),
        .testTarget(name: "InferenceTypesTests", dependencies: ["InferenceTypes"], swiftSettings: common),
        .testTarget(name: "GGUFTests", dependencies: ["GGUF", "TestSupport"], swiftSettings: common),
        // KernelsX86 only for the tests of its kernels against their Swift twins, one C function at a time.
        .testTarget(
            name: "KernelsTests", dependencies: ["Kernels", "TestSupport"] + (x86Engine ? ["KernelsX86"] : []),
            swiftSettings: haswell),
        .testTarget(
            name: "TransformerTests",
            dependencies: ["Transformer", "GGUF", "Kernels", "TestSupport"],
            swiftSettings: common
        ),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(
            name: "JinjaTests", dependencies: ["Jinja", "InferenceTypes", "TestSupport"], exclude: ["Fixtures"],
            swiftSettings: common
        ),
        .testTarget(
            name: "ChatTemplatesTests",
            dependencies: ["ChatTemplates", "Jinja", "InferenceTypes", "TestSupport"],
            swiftSettings: common
        ),
        .testTarget(name: "EngineTests", dependencies: ["Engine", "InferenceTypes", "Tokenizers", "GGUF", "Transformer", "TestSupport"],
            swiftSettings: common),
        .testTarget(name: "CLITests", dependencies: ["InferenceTypes", "TestSupport"], swiftSettings: common),
        .testTarget(name: "OutputParsingTests", dependencies: ["OutputParsing", "InferenceTypes"], swiftSettings: common),
        .testTarget(name: "SamplingTests", dependencies: ["Sampling", "InferenceTypes"], swiftSettings: common),
        .testTarget(
            name: "InferenceTests", dependencies: ["Inference", "Engine", "Tokenizers", "TestSupport"], swiftSettings: common),
        .testTarget(
            name: "APITests",
            dependencies: ["OpenAIAPI", "AnthropicAPI", "APICommon", "InferenceTypes", "TestSupport"],
            swiftSettings: common
        ),
        .testTarget(
            name: "UpstreamTests",
            dependencies: ["Upstream", "Inference", "InferenceTypes", "APICommon", "OpenAIAPI", "AnthropicAPI"],
            exclude: ["Fixtures"],
            swiftSettings: common),
        .testTarget(
            name: "ServerTests",
            dependencies: [
                "Server", "Inference", "OpenAIAPI", "AnthropicAPI", "APICommon", "InferenceTypes", "TestSupport", "Storage",
                "Upstream",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            swiftSettings: common
        ),
        .testTarget(
            name: "ConstraintsTests",
            dependencies: ["Constraints", "InferenceTypes", "TestSupport", "GGUF", "Engine", "Inference", "Tokenizers"],
            exclude: ["Fixtures"],
            swiftSettings: common
        ),
    ]
)

if x86Engine {
    package.targets.append(
        // x86 intrinsics (AVX2, AVX-VNNI, AVX-512) for the kernels Swift SIMD cannot compile well (see its header);
        // only Kernels imports it.
        .target(
            name: "KernelsX86",
            dependencies: ["KernelsPrefetch"],
            cSettings: [.unsafeFlags(["-mavx2", "-mfma", "-mf16c", "-ffp-contract=off", "-O3"])],
            linkerSettings: [.linkedLibrary("m")]))
}

// libFuzzer harnesses (Fuzz/SwiftletFuzz, seeds in Fuzz/Corpus), in the manifest only when SWIFTLET_FUZZ=1 (scripts/fuzz.sh builds them with
// `-sanitize=fuzzer,address` in a scratch path of their own): libFuzzer supplies `main`, so a plain build could not
// link them. They depend on the parsing targets alone, never on the engine or the server.
if Context.environment["SWIFTLET_FUZZ"] == "1" {
    // The fuzzed targets are optimised (their checks stay on): unoptimised, compiling one JSON schema takes most of a
    // second under the sanitizers. Their dependencies stay unoptimised, which keeps the cold fuzz build short.
    let fuzzed: Set = ["InferenceTypes", "APICommon", "OpenAIAPI", "AnthropicAPI", "Jinja", "Constraints", "GGUF"]
    for target in package.targets where fuzzed.contains(target.name) {
        target.swiftSettings = (target.swiftSettings ?? []) + [.unsafeFlags(["-O"])]
    }
    package.targets += [
        .executableTarget(
            name: "SwiftletFuzz",
            dependencies: [
                "FuzzDriver", "InferenceTypes", "APICommon", "OpenAIAPI", "AnthropicAPI", "Jinja", "Constraints", "GGUF",
            ],
            path: "Fuzz/SwiftletFuzz",
            swiftSettings: common + [.unsafeFlags(["-O"])]),
        // The debug build's entry point, which starts libFuzzer (see its header).
        .target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"),
    ]
}
