// swift-tools-version: 6.1
// Swiftlet: a self-hostable LLM API server with its own native inference engine.
// Every layer is a target; dependencies point one way, downwards (see ../shared/DESIGN.md).
import PackageDescription

/// Settings shared by every target: Swift 6 language mode (the tools-version default) plus the upcoming
/// features the house style asks for.
let common: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Hot-loop targets: let the compiler emit AVX2/FMA/F16C (ENGINE.md §2.8) and drop overflow checks in release.
let hot: [SwiftSetting] = common + [
    .unsafeFlags(["-target-cpu", "haswell"]),
    .unsafeFlags(["-Ounchecked"], .when(configuration: .release)),
]

let package = Package(
    name: "Swiftlet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "swiftlet", targets: ["SwiftletCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // Shared vocabulary.
        .target(name: "InferenceTypes", swiftSettings: common),
        // Model files.
        .target(name: "GGUF", swiftSettings: hot),
        // Math on quantized blocks.
        .target(name: "Kernels", swiftSettings: hot),
        // Text <-> token ids.
        .target(name: "Tokenizers", dependencies: ["InferenceTypes", "GGUF"], swiftSettings: hot),
        // Chat templates.
        .target(name: "Jinja", swiftSettings: common),
        .target(name: "ChatTemplates", dependencies: ["InferenceTypes", "Jinja"], swiftSettings: common),
        // Grammar-constrained decoding: JSON schema / GBNF -> grammar, token masks.
        .target(name: "Constraints", dependencies: ["InferenceTypes"], swiftSettings: hot),
        // Model catalog, pull, load; the pipeline.
        .target(
            name: "Inference",
            dependencies: ["InferenceTypes", "GGUF", "Tokenizers", "ChatTemplates"],
            swiftSettings: common
        ),
        // The command-line tool.
        .executableTarget(
            name: "SwiftletCLI",
            dependencies: [
                "Inference", "GGUF", "Tokenizers", "ChatTemplates", "InferenceTypes",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: common
        ),
        // Helpers for tests: synthetic GGUF writer, fixture and model locators.
        .target(name: "TestSupport", dependencies: ["GGUF", "InferenceTypes", "Inference"], swiftSettings: common),

        .testTarget(name: "GGUFTests", dependencies: ["GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels"], swiftSettings: hot),
        .testTarget(name: "TokenizersTests", dependencies: ["Tokenizers", "GGUF", "TestSupport"], swiftSettings: common),
        .testTarget(name: "JinjaTests", dependencies: ["Jinja", "TestSupport"], swiftSettings: common),
        .testTarget(
            name: "ChatTemplatesTests",
            dependencies: ["ChatTemplates", "Jinja", "InferenceTypes", "TestSupport"],
            swiftSettings: common
        ),
        .testTarget(
            name: "ConstraintsTests",
            dependencies: ["Constraints", "InferenceTypes", "TestSupport", "GGUF"],
            exclude: ["Fixtures"],
            swiftSettings: common
        ),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "TestSupport"], swiftSettings: common),
    ]
)
