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
