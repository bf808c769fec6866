import Foundation
import InferenceTypes
import Testing
import Web

@Suite struct SnippetTests {
    /// Settings with every kind of character a prompt may bring.
    static var tricky: SnippetSettings {
        var s = SnippetSettings(baseURL: "http://127.0.0.1:8090", model: "grok-3-mini")
        s.system = "Be terse.\nIt's \"fine\" \\ ok\t$HOME `x`"
        s.messages = [.init(role: "user", content: "Hi"), .init(role: "assistant", content: "Hello 😀 ü"),
            .init(role: "user", content: "What's 2+2?\u{1}")]
        s.temperature = 0.25
        s.maxTokens = 12
        s.topP = 0.5
        s.frequencyPenalty = -0.5
        s.presencePenalty = 1.5
        s.reasoningEffort = "low"
        s.apiKey = "sk-swl-a'b"
        return s
    }

    @Test func defaultPythonSnippetIsTheHostedShape() {
        let code = Snippet.python.code(SnippetSettings(baseURL: "http://127.0.0.1:8090", model: "grok-3-mini"))
        #expect(code == """
            import requests

            url = "http://127.0.0.1:8090/api/v7/llm/chat/completions"

            payload = {
                "key": "YOUR_API_KEY",
                "model_id": "grok-3-mini",
                "messages": [
                    {"role": "system", "content": "You are a helpful assistant."},
                    {"role": "user", "content": "Hello!"}
                ],
                "temperature": 0.7,
                "max_tokens": 1000,
                "top_p": 0.9,
                "frequency_penalty": 0,
                "presence_penalty": 0
            }

            headers = {
                "Content-Type": "application/json"
            }

            response = requests.post(url, json=payload, headers=headers)
            print(response.json())

            """)
    }

    @Test func phpSnippetUsesArrays() {
        let code = Snippet.php.code(Self.tricky)
        #expect(code.contains("""
            $payload = [
                'model' => 'grok-3-mini',
                'messages' => [
                    ['role' => 'system', 'content' => 'Be terse.
            It\\'s "fine" \\\\ ok\t$HOME `x`'],
            """))
        #expect(code.contains("'reasoning_effort' => 'low',\n];"))
        #expect(code.contains("'Authorization: Bearer sk-swl-a\\'b',"))
    }

    /// The body a shell passes to curl is the JSON of the settings, whatever the prompt holds.
    @Test func curlBodySurvivesTheShell() throws {
        let code = Snippet.curl.code(Self.tricky)
        let script = code.replacingOccurrences(of: "curl ", with: "printf '%s\\n' ", options: [], range: code.range(of: "curl "))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", script]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let words = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        #expect(words[0] == "http://127.0.0.1:8090/v1/chat/completions")
        #expect(words.contains("Authorization: Bearer sk-swl-a'b"))
        let start = try #require(words.firstIndex(of: "-d"))
        let body = try JSONValue.parse(words[(start + 1)...].joined(separator: "\n").trimmingCharacters(in: .newlines))
        #expect(body["model"] == "grok-3-mini" && body["max_tokens"] == 12 && body["temperature"] == .double(0.25))
        #expect(body["reasoning_effort"] == "low" && body["presence_penalty"] == .double(1.5))
        let messages = try #require(body["messages"]?.arrayValue)
        #expect(messages.count == 4)
        #expect(messages[0]["content"]?.stringValue == Self.tricky.system)
        #expect(messages[2]["content"] == "Hello 😀 ü" && messages[3]["content"] == "What's 2+2?\u{1}")
    }

    @Test func everySnippetNamesTheServerTheModelAndTheKey() {
        let s = Self.tricky
        for snippet in Snippet.allCases {
            let code = snippet.code(s)
            #expect(code.contains("127.0.0.1:8090"), "\(snippet) names the server")
            #expect(code.contains("grok-3-mini"), "\(snippet) names the model")
            #expect(code.contains("sk-swl-a"), "\(snippet) shows the key")
            #expect(code.hasSuffix("\n"))
        }
        let anthropic = Snippet.anthropic.code(s)
        #expect(anthropic.contains("    system=\"Be terse.\\nIt's \\\"fine\\\" \\\\ ok\\t$HOME `x`\",\n"))
        #expect(anthropic.contains("    max_tokens=12,\n") && !anthropic.contains("\"role\": \"system\""))
        let openai = Snippet.openai.code(s)
        #expect(openai.contains("    reasoning_effort=\"low\",\n)") && openai.contains("base_url=\"http://127.0.0.1:8090/v1\""))
        #expect(Snippet.claudeCode.code(s).contains("export ANTHROPIC_AUTH_TOKEN='sk-swl-a'\\''b'"))
        var none = s
        none.apiKey = ""
        #expect(Snippet.javascript.code(none).contains("\"Authorization\": \"Bearer YOUR_API_KEY\""))
    }

    @Test func javaScriptSnippetParsesAsAModule() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/node") else { return }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-snippet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("snippet.mjs")
        try Snippet.javascript.code(Self.tricky).write(to: file, atomically: true, encoding: .utf8)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/node")
        p.arguments = ["--check", file.path]
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
    }
}
