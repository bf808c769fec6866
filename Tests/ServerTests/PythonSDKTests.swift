import Foundation
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

/// Runs Tests/python/sdk_smoke.py (the official `openai` and `anthropic` SDKs) against a live server with the fake
/// service. Skipped when python3 or the SDKs are missing.
@Suite struct PythonSDKTests {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static let sdksInstalled: Bool = (try? run(["python3", "-c", "import openai, anthropic"]).status) == 0

    static func run(_ args: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    /// The time limit only guards against a hang: alone the script takes seconds, but the release suite runs it beside
    /// the real-model acceptance runs on 2 cores, where 2 minutes proved too short.
    @Test(.enabled(if: sdksInstalled, "python3 with the openai and anthropic packages is required"), .timeLimit(.minutes(10)))
    func officialSDKsAgainstTheLiveServer() async throws {
        let service = FakeInferenceService(tokenCount: 12) { request in
            if request.messages.last?.text == "OVERLOAD" { return .failing(.overloaded(retryAfterSeconds: 2)) }
            return .reply(content: ["Hel", "lo!"], reasoning: ["Thinking."], promptTokens: 12, cachedPromptTokens: 2, choices: request.n)
        }
        let script = Self.repoRoot.appendingPathComponent("Tests/python/sdk_smoke.py").path
        try await withApp(service, config: .test(keys: ["sk-test"]), .live) { client in
            let port = try #require(client.port)
            let args = ["python3", script, "http://localhost:\(port)", "sk-test", "grok-3-mini"]
            let result = try await withCheckedThrowingContinuation { (c: CheckedContinuation<(status: Int32, output: String), any Error>) in
                Thread { c.resume(with: Result { try Self.run(args) }) }.start()
            }
            #expect(result.status == 0, "\(result.output)")
            #expect(result.output.contains(#""ok": true"#))
        }
    }
}
