import Foundation
import InferenceTypes
import Testing
import TestSupport

/// The `swiftlet` commands as users type them (the binary built with the tests).
@Suite struct CLITests {
    @Test func tokenizeDefaultModel() throws {
        let r = try CLIRunner.run(["tokenize", "--model", "smollm2-135m-instruct", "Hello, world!"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "[19556,28,905,17]\n")
        let special = try CLIRunner.run(["tokenize", "--parse-special", "<|im_start|>user"])
        #expect(special.stdout == "[1,4093]\n")
        let gemma = try CLIRunner.run(["tokenize", "-m", "gemma-3-270m", "--add-special", "The capital of France is"])
        #expect(gemma.stdout == "[2,818,5279,529,7001,563]\n")
    }

    @Test func inspectJSON() throws {
        let r = try CLIRunner.run(["inspect", "--json", "--model", "smollm2-135m-instruct"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONValue.parse(r.stdout)
        #expect(v["metadata"]?["general.architecture"] == "llama")
        #expect(v["tensors"]?.arrayValue?.count == 272)
        #expect(v["data_offset"] == 1_785_664)
    }

    @Test func modelsListsInstalledModels() throws {
        let r = try CLIRunner.run(["models"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("smollm2-135m-instruct") && r.stdout.contains("Q4_1") && r.stdout.contains("135M"))
    }

    @Test func errorsAreMessagesNotCrashes() throws {
        let unknown = try CLIRunner.run(["tokenize", "--model", "no-such-model", "hi"])
        #expect(unknown.status != 0 && unknown.stderr.contains("unknown model 'no-such-model'"))
        let notGGUF = try CLIRunner.run(["inspect", "--model", "/etc/hostname.gguf"])
        #expect(notGGUF.status != 0 && notGGUF.stderr.contains("no model file"))
        let corrupt = FileManager.default.temporaryDirectory.appendingPathComponent("corrupt-\(UUID()).gguf")
        try Data("GGUF\u{3}\0\0\0garbage".utf8).write(to: corrupt)
        let bad = try CLIRunner.run(["inspect", "--model", corrupt.path])
        #expect(bad.status != 0 && bad.stderr.contains(corrupt.path) && bad.stderr.contains("byte"))
    }
}

/// `swiftlet template` renders exactly what jinja2 and llama.cpp rendered.
@Suite struct TemplateCommandTests {
    @Test func fileTemplateMatchesJinja2Golden() throws {
        let golden = try JSONValue.parse(String(contentsOf: TestPaths.fixture("templates/golden/Qwen-Qwen3-0.6B.json"),
            encoding: .utf8))
        let cases = try #require(golden["cases"]?.arrayValue)
        let path = TestPaths.fixture("templates/Qwen-Qwen3-0.6B.jinja").path
        for c in cases {
            guard let context = c["context"], let expected = c["output"]?.stringValue else { continue }
            let r = try CLIRunner.run(["template", "--file", path], stdin: context.serialized())
            #expect(r.status == 0, "\(c["id"] ?? "?"): \(r.stderr)")
            #expect(r.stdout == expected, "\(c["id"] ?? "?")")
        }
    }

    @Test func modelTemplateMatchesLlamaCppPrompts() throws {
        let fixture = try JSONValue.parse(String(contentsOf: TestPaths.fixture("chat/SmolLM2-135M-Instruct.Q4_1.json"),
            encoding: .utf8))
        for c in try #require(fixture["cases"]?.arrayValue) {
            let messages = try #require(c["messages"])
            let r = try CLIRunner.run(["template", "--model", "smollm2-135m-instruct"],
                stdin: JSONValue.makeObject([("messages", messages)]).serialized())
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout == c["prompt"]?.stringValue)
        }
    }

    @Test func syntaxErrorsNameLineAndColumn() throws {
        let bad = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID()).jinja")
        try "{% for m in messages %}\n{{ m.content | }}\n{% endfor %}".write(to: bad, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["template", "--file", bad.path], stdin: "{\"messages\": []}")
        #expect(r.status != 0)
        #expect(r.stderr.contains("line 2"), "\(r.stderr)")
    }
}

/// `swiftlet perplexity` against llama.cpp's figures on GPL-3 with -c 512 (must be within 0.5%; TestSupport's
/// PerplexityCheck holds the figures and the rule).
@Suite struct PerplexityCommandTests {
    @Test(arguments: PerplexityCheck.references)
    func matchesLlamaCpp(reference: PerplexityCheck.Reference) throws {
        let r = try CLIRunner.run(["perplexity", "-m", reference.catalogID, "-f", PerplexityCheck.textPath, "-c",
            String(PerplexityCheck.contextLength), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONValue.parse(r.stdout)
        let ppl = try #require(v["ppl"]?.doubleValue)
        print("perplexity \(reference.catalogID): \(ppl) ± \(v["err"]?.doubleValue ?? .nan) over \(v["chunks"] ?? "?") chunks"
            + " (llama.cpp \(reference.llamaCpp))")
        #expect(PerplexityCheck.passes(ppl, reference))
    }
}

/// `swiftlet run` greedy output and its JSON form.
@Suite struct RunCommandTests {
    @Test func greedyJSONMatchesTheFirstFixtureTokens() throws {
        let fixture = try JSONValue.parse(String(contentsOf: TestPaths.fixture("greedy/SmolLM2-135M-Instruct.Q4_1.json"),
            encoding: .utf8))
        let first = try #require(fixture["cases"]?.arrayValue?.first)
        let prompt = try #require(first["prompt"]?.stringValue)
        let r = try CLIRunner.run(["run", "--temperature", "0", "--max-tokens", "8", "--json", "--top-logprobs", "3",
            prompt])
        #expect(r.status == 0, "\(r.stderr)")
        let v = try JSONValue.parse(r.stdout)
        #expect(v["prompt_ids"] == first["prompt_ids"])
        let ours = try #require(v["tokens"]?.arrayValue).compactMap { $0["id"]?.intValue }
        // Compare up to the first honest tie in llama.cpp's distribution (top two within 0.05).
        let steps = try #require(first["steps"]?.arrayValue).prefix(8)
        let untied = steps.prefix { step in
            let top = step["top"]?.arrayValue?.compactMap { $0["logprob"]?.doubleValue } ?? []
            return top.count < 2 || top[0] - top[1] >= 0.05
        }
        let theirs = untied.compactMap { $0["id"]?.intValue }
        #expect(Array(ours.prefix(theirs.count)) == theirs)
        #expect(v["tokens"]?.arrayValue?.first?["top"]?.arrayValue?.count == 3)
        #expect(v["finish_reason"] == "length")
    }
}
