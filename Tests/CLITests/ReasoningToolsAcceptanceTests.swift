import Foundation
import Testing
import TestSupport

/// The reasoning/tools acceptance run: a live `swiftlet serve` with the real default model, driven by the official `openai` and
/// `anthropic` SDKs (Tests/python/reasoning_tools_acceptance.py): enforced tool choices and budgeted reasoning over
/// 50 seeds each, and two-step tool conversations whose stream accumulators equal the non-streamed messages.
///
/// With the engine's prompt cache (the 50 requests of a group share their prompt) the run took 252 s on the shared
/// 2-core machine; without it, 8.5 minutes. Since Anthropic thinking budgets must be at least 1024 tokens, the
/// Anthropic reasoning group thinks up to 1024 tokens per seed: 842 s of a 1085 s run (2026-12-06, machine shared
/// with another server).
@Suite(.serialized)
struct ReasoningToolsAcceptanceTests {
    @Test func toolsAndReasoningOnTheRealModel() async throws {
        let port = 20_000 + Int(getpid() % 2000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        server.arguments = ["serve", "--port", "\(port)", "--api-key", "reasoning-key", "--slots", "8",
            "--context", "2048", "--log-level", "warning", "--thinking-secret", "acceptance-secret"]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer {
            server.terminate()
            server.waitUntilExit()
        }
        var up = false
        for _ in 0..<120 {
            let probe = try? CLIRunner.runTool("curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}",
                "http://127.0.0.1:\(port)/health"])
            if probe?.stdout == "200" { up = true; break }
            usleep(500_000)
        }
        #expect(up, "server did not come up")
        guard up else { return }
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/python/reasoning_tools_acceptance.py").path
        let r = try await CLIRunner.runToolOffPool("python3", [script, "http://127.0.0.1:\(port)", "reasoning-key",
            "smollm2-135m-instruct", "50"])
        print("reasoning_tools_acceptance: \(r.stdout)")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"ok\": true"))
    }
}
