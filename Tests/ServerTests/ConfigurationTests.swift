import Foundation
import Inference
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct ConfigurationTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-config-\(UUID().uuidString).json").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func loadsEveryKey() throws {
        let path = try write(
            #"{"host":"0.0.0.0","port":9000,"models":["a.gguf"],"apiKeys":["k1"],"maxBodyBytes":1024,"keepAliveSeconds":0.5,"defaultModel":"m","aliases":{"claude-haiku":"m"},"reasoningInCompletionTokens":true,"emitReasoningAlias":true,"systemFingerprint":"fp_1","unknown":1}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try ServerConfiguration.load(file: path)
        #expect(c.host == "0.0.0.0" && c.port == 9000 && c.models == ["a.gguf"] && c.apiKeys == ["k1"])
        #expect(c.maxBodyBytes == 1024 && c.keepAliveInterval == .milliseconds(500))
        #expect(c.defaultModel == "m" && c.aliases.contains(ModelAlias("claude-haiku", to: "m")))
        #expect(c.aliases.contains(ModelAlias("grok-3-mini", alwaysReasons: true)))
        #expect(c.reasoningInCompletionTokens && c.emitReasoningAlias && c.systemFingerprint == "fp_1")
    }

    @Test func platformSettings() throws {
        let path = try write(
            #"{"database":"postgres://u:p@db:5432/s","freeTierCredits":2.5,"instanceID":"node-a","prices":{"grok-3-mini":{"input":0.3,"cachedInput":0.075,"output":0.5},"cheap":{"input":0.01,"output":0.02}}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try ServerConfiguration.load(file: path)
        #expect(c.databaseURL == "postgres://u:p@db:5432/s" && c.freeTierCredits == 2.5 && c.instanceID == "node-a")
        #expect(c.prices["cheap"] == TokenPricing(inputPerMillion: 0.01, cachedInputPerMillion: 0.01, outputPerMillion: 0.02))
        let book = PriceBook(c.prices)
        let model = ModelDescriptor(id: "m", displayName: "M", created: 0, contextLength: 8,
            pricing: TokenPricing(inputPerMillion: 1, cachedInputPerMillion: 1, outputPerMillion: 2))
        #expect(book.price(requested: "CHEAP", model: model)?.outputPerMillion == 0.02)
        #expect(book.price(requested: "grok-3-mini-beta", model: model) == PriceBook.grokPersonaPrice)
        #expect(book.price(requested: "m", model: model)?.outputPerMillion == 2)
        // $0.30 per million is 3000 ticks per token; reasoning is priced as output.
        let usage = Usage(promptTokens: 100, cachedPromptTokens: 40, completionTokens: 7, reasoningTokens: 3)
        #expect(PriceBook.grokPersonaPrice.cost(of: usage) == 60 * 3000 + 40 * 750 + 10 * 5000)
        var env = ServerConfiguration()
        env.addKeysFromEnvironment(["SWIFTLET_DATABASE_URL": "none"])
        #expect(env.databaseURL == "none")
    }

    @Test func badFilesSayWhereTheProblemIs() throws {
        let path = try write(#"{"port":"eighty"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ServerConfiguration.Error.self) { try ServerConfiguration.load(file: path) }
        do {
            _ = try ServerConfiguration.load(file: path)
        } catch {
            #expect(error.description == "\(path): port: expected integer, got string")
        }
        #expect(throws: ServerConfiguration.Error.self) { try ServerConfiguration.load(file: "/nonexistent/swiftlet.json") }
    }

    @Test func keysFromEnvironment() {
        var c = ServerConfiguration()
        c.apiKeys = ["flag"]
        c.addKeysFromEnvironment(["SWIFTLET_API_KEYS": "a, b,,c", "SWIFTLET_API_KEY": "d"])
        #expect(c.apiKeys == ["flag", "a", "b", "c", "d"])
    }

    @Test func configuredAliasesResolveOverThePersona() {
        let other = ModelDescriptor(id: "other", displayName: "Other", created: 0, contextLength: 10)
        var config = ServerConfiguration()
        config.defaultModel = "other"
        config.aliases.set("grok-3-mini", to: "swiftlet-test")
        config.aliases.set("claude-opus", to: "grok-3-mini")
        let r = ModelResolver(served: [FakeInferenceService.defaultModel, other], aliases: config.aliases,
            defaultModel: config.defaultModel)
        #expect(r.resolve("swiftlet-test")?.model.id == "swiftlet-test")
        #expect(r.resolve("test-alias")?.model.id == "swiftlet-test")
        // Configured aliases win over the default persona aliases, and chain.
        #expect(r.resolve("grok-3-mini")?.model.id == "swiftlet-test")
        #expect(r.resolve("claude-opus")?.model.id == "swiftlet-test")
        // The remaining persona names go to the configured default model.
        #expect(r.resolve("x-ai-grok-3-mini")?.model.id == "other")
        #expect(r.resolve("gpt-4") == nil)
        #expect(r.models[1].aliases.contains("grok-3-mini-beta"))
    }

    @Test func aliasObjectsInTheConfigFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-alias-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"aliases":{"thinker":{"model":"m","alwaysReasons":true},"GROK-3-MINI":"m"},"sampling":{"temperature":0.3,"top_k":7},"defaultMaxTokens":300}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        let c = try ServerConfiguration.load(file: path)
        #expect(c.aliases.contains(ModelAlias("thinker", to: "m", alwaysReasons: true)))
        #expect(c.aliases.contains(ModelAlias("GROK-3-MINI", to: "m", alwaysReasons: true)))
        #expect(c.sampling == SamplingDefaults(temperature: 0.3, topK: 7) && c.defaultMaxTokens == 300)
    }
}
