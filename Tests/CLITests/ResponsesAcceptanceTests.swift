import Foundation
import Testing
import TestSupport

/// The Responses API acceptance run: a live `swiftlet serve` with the real default model and a SQLite database of its
/// own, driven by the official `openai` SDK (Tests/python/responses_acceptance.py): create, stream (the SDK's
/// accumulator against the non-streamed output), a function tool round trip through `previous_response_id`, JSON
/// schema output, retrieval, input items, another key's 404, deletion and errors.
@Suite(.serialized)
struct ResponsesAcceptanceTests {
    @Test func responsesAPIOnTheRealModel() async throws {
        let port = 22_000 + Int(getpid() % 2000)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-responses-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = Process()
        server.executableURL = URL(fileURLWithPath: CLIRunner.executable)
        server.arguments = ["serve", "--port", "\(port)", "--api-key", "responses-admin", "--slots", "4",
            "--context", "2048", "--log-level", "warning",
            "--database", directory.appendingPathComponent("swiftlet.sqlite").path]
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
        let script = TestPaths.packageRoot.appendingPathComponent("Tests/python/responses_acceptance.py").path
        let r = try await CLIRunner.runToolOffPool("python3", [script, "http://127.0.0.1:\(port)", "responses-admin",
            "smollm2-135m-instruct"])
        print("responses_acceptance: \(r.stdout)")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"ok\": true"))
    }
}
