public import Foundation

/// Where tests find the shared fixtures and the catalog models.
public enum TestPaths {
    /// The package root (the folder holding Package.swift), found from this source file's location.
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // Sources/TestSupport/TestPaths.swift
        return url
    }()

    /// `../shared/fixtures` beside the package root, or `$SWIFTLET_FIXTURES` when set.
    public static var fixtures: URL {
        if let env = ProcessInfo.processInfo.environment["SWIFTLET_FIXTURES"], !env.isEmpty {
            return URL(fileURLWithPath: env)
        }
        return packageRoot.deletingLastPathComponent().appendingPathComponent("shared/fixtures")
    }

    /// A file under the fixtures folder, e.g. `fixture("tokenizer/SmolLM2-135M-Instruct.Q4_1.json")`.
    public static func fixture(_ relativePath: String) -> URL {
        fixtures.appendingPathComponent(relativePath)
    }

    /// `$SWIFTLET_HOME/models` (default `~/.cache/swiftlet/models`), where `swiftlet pull` installs models.
    public static var modelsDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let home = env["SWIFTLET_HOME"], !home.isEmpty {
            return URL(fileURLWithPath: home).appendingPathComponent("models")
        }
        let userHome = env["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: userHome).appendingPathComponent(".cache/swiftlet/models")
    }

    /// The path of an installed model file by its file name; throws a message telling how to get it when missing.
    public static func model(fileName: String) throws -> String {
        let path = modelsDirectory.appendingPathComponent(fileName).path
        guard FileManager.default.fileExists(atPath: path) else {
            throw MissingModel(path: path)
        }
        return path
    }

    /// The default model's file (SmolLM2-135M-Instruct Q4_1).
    public static let smolLM2 = "SmolLM2-135M-Instruct.Q4_1.gguf"
    /// The Gemma 3 270M file.
    public static let gemma3 = "gemma-3-270m-q4_k_m.gguf"
    /// The tool-calling catalog model's file name.
    public static let qwenCoder = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
}

/// Thrown when a test needs a model that is not installed.
public struct MissingModel: Error, CustomStringConvertible {
    public let path: String
    public var description: String {
        "model file missing: \(path) — run `swift run -c release swiftlet pull --all` (or scripts/test.sh) first"
    }
}
