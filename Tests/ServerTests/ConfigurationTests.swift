import Foundation
import Inference
import InferenceTypes
import Server
import TestSupport
import Upstream
import Testing

@Suite struct ConfigurationTests {
    func write(_ text: String, ext: String = "json") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("swiftlet-config-\(UUID().uuidString).\(ext)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    func load(_ path: String?, flags: [Setting: SettingValue] = [:], environment: [String: String] = [:])
        async throws -> ServerConfiguration
    {
        try await ServerConfiguration.resolve(try await ConfigSources(flags: flags, environment: environment, filePath: path))
    }

    func error(_ path: String?, flags: [Setting: SettingValue] = [:], environment: [String: String] = [:]) async -> String? {
        do {
            _ = try await load(path, flags: flags, environment: environment)
            return nil
        } catch {
            return (error as? ServerConfiguration.Error)?.description ?? "\(error)"
        }
    }

    @Test func loadsEveryKey() async throws {
        let path = try write(
            #"{"host":"0.0.0.0","port":9000,"models":["a.gguf"],"apiKeys":["k1"],"maxBodyBytes":1024,"keepAliveSeconds":0.5,"defaultModel":"m","aliases":{"claude-haiku":"m"},"reasoningInCompletionTokens":true,"emitReasoningAlias":true,"systemFingerprint":"fp_1","slots":2,"context":512,"threads":1,"promptCache":false,"logLevel":"debug","logFormat":"json","shutdownGraceSeconds":5,"requestReadTimeoutSeconds":7.5,"idleTimeoutSeconds":9,"maxConnections":12}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try await load(path)
        #expect(c.host == "0.0.0.0" && c.port == 9000 && c.models == ["a.gguf"] && c.apiKeys == ["k1"])
        #expect(c.maxBodyBytes == 1024 && c.keepAliveInterval == .milliseconds(500))
        #expect(c.defaultModel == "m" && c.aliases.contains(ModelAlias("claude-haiku", to: "m")))
        #expect(c.aliases.contains(ModelAlias("grok-3-mini", alwaysReasons: true)))
        #expect(c.reasoningInCompletionTokens && c.emitReasoningAlias && c.systemFingerprint == "fp_1")
        #expect(c.slots == 2 && c.contextLength == 512 && c.threads == 1 && !c.promptCache)
        #expect(c.logLevel == "debug" && c.logFormat == "json")
        #expect(c.shutdownGrace == .seconds(5) && c.requestReadTimeout == .milliseconds(7500) && c.idleTimeout == .seconds(9))
        #expect(c.maxConnections == 12)
    }

    @Test func yamlFilesReadLikeJSON() async throws {
        let path = try write("""
            # a comment
            host: 0.0.0.0
            port: 9100
            models: [a.gguf, b.gguf]
            sampling:
              temperature: 0.3
              top_k: 7
            prices:
              cheap: {input: 0.01, output: 0.02}
            aliases:
              thinker: {model: m, alwaysReasons: true}
            """, ext: "yaml")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try await load(path)
        #expect(c.host == "0.0.0.0" && c.port == 9100 && c.models == ["a.gguf", "b.gguf"])
        #expect(c.sampling == SamplingDefaults(temperature: 0.3, topK: 7))
        #expect(c.prices["cheap"] == TokenPricing(inputPerMillion: 0.01, cachedInputPerMillion: 0.01, outputPerMillion: 0.02))
        #expect(c.aliases.contains(ModelAlias("thinker", to: "m", alwaysReasons: true)))
    }

    /// Flags over the environment over the file over the defaults, setting by setting.
    @Test func precedenceIsFlagsThenEnvironmentThenFileThenDefaults() async throws {
        let path = try write(#"{"host":"10.0.0.1","port":9000,"slots":3,"maxBodyBytes":2048,"sampling":{"top_p":0.5}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let environment = ["SWIFTLET_PORT": "9001", "SWIFTLET_SLOTS": "5", "SWIFTLET_SAMPLING_TOP_P": "0.6",
            "SWIFTLET_LOG_LEVEL": "debug"]
        let sources = try await ConfigSources(flags: [.port: .int(9002)], environment: environment, filePath: path)
        let c = try await ServerConfiguration.resolve(sources)
        #expect(c.port == 9002)  // flag over environment and file
        #expect(c.slots == 5 && c.sampling.topP == 0.6 && c.logLevel == "debug")  // environment over file
        #expect(c.host == "10.0.0.1" && c.maxBodyBytes == 2048)  // file over default
        #expect(c.idleTimeout == ServerConfiguration().idleTimeout)  // default
        #expect(sources.source(of: .port) == "flag")
        #expect(sources.source(of: .slots) == "environment SWIFTLET_SLOTS")
        #expect(sources.source(of: .host) == "file \(path)")
        #expect(sources.source(of: .maxConnections) == "default")
        #expect(Setting.maxBodyBytes.environment == "SWIFTLET_MAX_BODY_BYTES")
        #expect(Setting.topK.environment == "SWIFTLET_SAMPLING_TOP_K")
    }

    @Test func unknownKeysAreErrorsThatNameThem() async throws {
        let path = try write(#"{"port":9000,"sampling":{"temprature":0.5}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(await error(path) == "\(path): unknown key `sampling.temprature` (did you mean `sampling.temperature`?)")
        let other = try write(#"{"mxConnections":3}"#)
        defer { try? FileManager.default.removeItem(atPath: other) }
        #expect(await error(other) == "\(other): unknown key `mxConnections` (did you mean `maxConnections`?)")
        let yaml = try write("listen: 0.0.0.0\n", ext: "yml")
        defer { try? FileManager.default.removeItem(atPath: yaml) }
        #expect(await error(yaml) == "\(yaml): unknown key `listen`")
    }

    @Test func platformSettings() async throws {
        let path = try write(
            #"{"database":"postgres://u:p@db:5432/s","freeTierCredits":2.5,"instanceID":"node-a","prices":{"grok-3-mini":{"input":0.3,"cachedInput":0.075,"output":0.5},"cheap":{"input":0.01,"output":0.02}}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try await load(path)
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
        // The environment's database wins over the file's.
        #expect(try await load(path, environment: ["SWIFTLET_DATABASE_URL": "none"]).databaseURL == "none")
    }

    @Test func badValuesSayWhichSettingAndWhere() async throws {
        let path = try write(#"{"port":"eighty"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(await error(path)?.hasPrefix("port (file \(path)): expected an integer") == true)
        #expect(await error(nil, environment: ["SWIFTLET_PORT": "http"])?.hasPrefix("port (environment SWIFTLET_PORT): expected an integer") == true)
        #expect(await error(nil, flags: [.port: .int(70000)]) == "port (flag): 70000 is outside 0...65535")
        #expect(await error(nil, environment: ["SWIFTLET_LOG_FORMAT": "xml"]) == "logFormat (environment SWIFTLET_LOG_FORMAT): must be text or json")
        #expect(await error("/nonexistent/swiftlet.json") == "cannot read config file /nonexistent/swiftlet.json")
        let list = try write(#"[1, 2]"#)
        defer { try? FileManager.default.removeItem(atPath: list) }
        #expect(await error(list) == "\(list): the document must be an object of settings")
    }

    @Test func keysFromFlagsEnvironmentAndAKeyFile() async throws {
        #expect(try await load(nil, environment: ["SWIFTLET_API_KEYS": "a, b,,c", "SWIFTLET_API_KEY": "d"]).apiKeys
            == ["a", "b", "c", "d"])
        // Flags win over the environment: the precedence order holds for keys too.
        #expect(try await load(nil, flags: [.apiKeys: .strings(["flag"])], environment: ["SWIFTLET_API_KEYS": "a"]).apiKeys
            == ["flag"])
        let file = try write("# keys for the team\nsk-one\n\n  sk-two  \n", ext: "keys")
        defer { try? FileManager.default.removeItem(atPath: file) }
        let c = try await load(nil, flags: [.apiKeys: .strings(["flag"]), .apiKeyFile: .string(file)])
        #expect(c.apiKeys == ["flag", "sk-one", "sk-two"] && c.apiKeyFile == file)
        let empty = try write("# nothing\n", ext: "keys")
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(await error(nil, environment: ["SWIFTLET_API_KEY_FILE": empty]) == "apiKeyFile (environment SWIFTLET_API_KEY_FILE): the API key file \(empty) holds no key")
    }

    /// `swiftlet config` shows values and sources, never a secret.
    @Test func effectiveConfigurationRedactsSecrets() async throws {
        let path = try write(#"{"metricsKey":"metrics-secret","database":"postgres://u:pg-secret@db:5432/s"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let sources = try await ConfigSources(flags: [.apiKeys: .strings(["sk-flag-secret"]), .thinkingSecret: .string("think-secret")],
            environment: ["SWIFTLET_PORT": "9009"], filePath: path)
        let text = try await ServerConfiguration.resolve(sources).effective(sources: sources).serialized()
        for secret in ["metrics-secret", "pg-secret", "sk-flag-secret", "think-secret"] { #expect(!text.contains(secret)) }
        #expect(text.contains(#""database":"postgres://u:***@db:5432/s""#))
        #expect(text.contains(#""port":9009"#) && text.contains(#""port":"environment SWIFTLET_PORT""#))
        #expect(text.contains(#""apiKeys":["<redacted>"]"#))
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

    /// Upstreams in the file: the same settings as the flags, a list of URLs for failover, keys from the environment.
    @Test func upstreamsInTheConfigFile() async throws {
        let path = try write(#"{"upstreams":{"big":{"url":["http://10.0.0.5:8000/v1","http://10.0.0.6:8000/v1"],"model":"Qwen/Qwen3-32B","key":"env:BIG_KEY","first-byte-timeout":30,"price":"0.2,0.6"},"claude":{"url":"https://api.anthropic.com","api":"anthropic"}}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try await load(path, environment: ["BIG_KEY": "sk-upstream"])
        let big = try #require(c.upstreams.models.first { $0.id == "big" })
        #expect(big.urls.count == 2 && big.remoteModel == "Qwen/Qwen3-32B" && big.apiKey == "sk-upstream")
        #expect(big.pricing?.outputPerMillion == 0.6)
        #expect(c.upstreams.models.first { $0.id == "claude" }?.api == .anthropic)
        let bad = try write(#"{"upstreams":{"big":{"url":"http://x:1/v1","colour":"red"}}}"#)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        #expect(await error(bad)?.contains("unknown setting colour") == true)
    }

    @Test func aliasObjectsInTheConfigFile() async throws {
        let path = try write(#"{"aliases":{"thinker":{"model":"m","alwaysReasons":true},"GROK-3-MINI":"m"},"sampling":{"temperature":0.3,"top_k":7},"defaultMaxTokens":300}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let c = try await load(path)
        #expect(c.aliases.contains(ModelAlias("thinker", to: "m", alwaysReasons: true)))
        #expect(c.aliases.contains(ModelAlias("GROK-3-MINI", to: "m", alwaysReasons: true)))
        #expect(c.sampling == SamplingDefaults(temperature: 0.3, topK: 7) && c.defaultMaxTokens == 300)
    }

    @Test func theDRYMultiplierSetsTheDefaultGuard() async throws {
        let path = try write(#"{"sampling":{"dry_multiplier":0}}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try await load(path).sampling.repetitionGuard == RepetitionGuard(multiplier: 0))
        let bad = try write(#"{"sampling":{"dry_multiplier":11}}"#)
        defer { try? FileManager.default.removeItem(atPath: bad) }
        #expect(await error(bad)?.contains("sampling.dry_multiplier") == true)
    }
}
