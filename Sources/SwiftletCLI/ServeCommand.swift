import ArgumentParser
import Foundation
import Inference
import InferenceTypes
import Logging
import Server
import Storage
import Transformer

/// `swiftlet serve` (the default command): the OpenAI- and Anthropic-compatible HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve models over the OpenAI- and Anthropic-compatible HTTP API."
    )

    @Option(name: .shortAndLong, help: "Model to serve (catalog id, file in the models folder, or .gguf path). Repeatable.")
    var model: [String] = []

    @Option(help: "Address to listen on.")
    var host: String?

    @Option(help: "Port to listen on.")
    var port: Int?

    @Option(help: "JSON configuration file (keys: host, port, models, apiKeys, aliases, defaultModel, maxBodyBytes, keepAliveSeconds, …).")
    var config: String?

    @Option(name: .customLong("api-key"), help: "An accepted API key. Repeatable. Also read from SWIFTLET_API_KEYS / SWIFTLET_API_KEY.")
    var apiKeys: [String] = []

    @Option(help: "Largest accepted request body in bytes (default 32 MiB).")
    var maxBodyBytes: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: String = "info"

    @Option(help: "Log format: text (human-readable) or json (one object per line, on standard error).")
    var logFormat: String = "text"

    @Option(help: "Bearer token /metrics requires (default: open; also `metricsKey` in the config file).")
    var metricsKey: String?

    @Option(name: .customLong("served-model-name"),
        help: "Name to serve the n-th --model under (default: its catalog id, or its file name without .gguf). Repeatable.")
    var servedModelNames: [String] = []

    @OptionGroup var load: LoadFlags

    @Option(help: "Sequences each model runs at once (KV-cache slots).")
    var slots: Int = 4

    @Flag(help: "Prefill every prompt from scratch instead of reusing cached prompt prefixes.")
    var noPromptCache = false

    @Option(name: .customLong("thinking-prompt"),
        help: "System-prompt addition that makes models without native reasoning think in <think>…</think> first (default: Swiftlet's built-in one; also `thinkingPrompt` in the config file).")
    var thinkingPrompt: String?

    @Option(help: "Output cap of a chat request that sets no max_tokens (default: 1024; also `defaultMaxTokens` in the config file).")
    var defaultMaxTokens: Int?

    @Option(name: .customLong("thinking-secret"),
        help: "Key of the HMAC-SHA256 signatures on Anthropic thinking blocks (default: SWIFTLET_THINKING_SECRET, else a secret generated once in $SWIFTLET_HOME/thinking-secret, mode 0600).")
    var thinkingSecret: String?

    @Option(name: .customLong("public-url"),
        help: "URL clients reach this server at, for the web pages' endpoints and code (default: each request's Host; also `publicURL` in the config file).")
    var publicURL: String?

    @OptionGroup var database: DatabaseOptions

    @Option(help: "This process's name in credit reservations, released when it restarts (default: host:port).")
    var instanceID: String?

    func run() async throws {
        var configuration = ServerConfiguration()
        if let config {
            do { configuration = try ServerConfiguration.load(file: config) } catch { throw CLIError(error.description) }
        }
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if !model.isEmpty { configuration.models = model }
        if let maxBodyBytes { configuration.maxBodyBytes = maxBodyBytes }
        configuration.apiKeys += apiKeys
        configuration.addKeysFromEnvironment()
        if let thinkingPrompt, !thinkingPrompt.isEmpty { configuration.thinkingPrompt = thinkingPrompt }
        if let thinkingSecret, !thinkingSecret.isEmpty { configuration.thinkingSecret = thinkingSecret }
        if let defaultMaxTokens {
            guard RequestLimits.maxTokens.contains(defaultMaxTokens) else { throw CLIError("--default-max-tokens must be at least 1") }
            configuration.defaultMaxTokens = defaultMaxTokens
        }

        if let metricsKey, !metricsKey.isEmpty { configuration.metricsKey = metricsKey }
        if let publicURL {
            guard let url = ServerConfiguration.normalizedPublicURL(publicURL) else {
                throw CLIError("--public-url must be an http:// or https:// URL")
            }
            configuration.publicURL = url
        }
        if configuration.thinkingSecret == nil {
            let home = StoreLocation.defaultHome(environment: ProcessInfo.processInfo.environment)
            do { configuration.thinkingSecret = try ThinkingSecretFile.loadOrCreate(home: home) } catch { throw CLIError(error.description) }
        }
        switch logFormat {
        case "text": break
        case "json": LoggingSystem.bootstrap(JSONLogHandler.init)
        default: throw CLIError("--log-format must be text or json")
        }
        var logger = Logger(label: "swiftlet")
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError("unknown log level \(logLevel)") }
        logger.logLevel = level

        let options = LoadOptions(
            contextLength: load.context, slots: slots, threads: load.threads, promptCache: !noPromptCache)
        let service = try await makeService(models: configuration.models, names: servedModelNames, options: options,
            logger: logger, thinkingPrompt: configuration.thinkingPrompt.map { ThinkingPrompt(instruction: $0) } ?? .builtin,
            sampling: configuration.sampling, defaultMaxTokens: configuration.defaultMaxTokens)
        let store = try await database.open(configured: configuration.databaseURL)
        if store == nil { logger.notice("--database none: no platform keys, no usage ledger") }
        let platform = Platform(store: store, prices: PriceBook(configuration.prices),
            instance: instanceID ?? configuration.instanceID ?? "\(configuration.host):\(configuration.port)")
        do {
            try await runServer(service: service, configuration: configuration, platform: platform, logger: logger)
        } catch {
            await store?.close()
            throw error
        }
        await store?.close()
    }
}

/// Builds the inference service `serve` runs on: loads `models` (the catalog default when empty), pulling catalog
/// models that are not installed yet.
func makeService(models: [String], names: [String] = [], options: LoadOptions, logger: Logger,
    thinkingPrompt: ThinkingPrompt = .builtin, sampling: SamplingDefaults = SamplingDefaults(), defaultMaxTokens: Int? = nil)
    async throws -> any InferenceService
{
    var served: [ServedModel] = []
    let created = Int(Date().timeIntervalSince1970)
    let specs = models.isEmpty ? [ModelCatalog.defaultID] : models
    guard names.count <= specs.count else {
        throw CLIError("\(names.count) --served-model-name values for \(specs.count) models")
    }
    for (index, spec) in specs.enumerated() {
        var m = ModelOptions()
        m.model = spec
        let resolved = try m.resolve()
        let started = Date()
        do {
            let loaded = try LoadedModel.load(resolved, options: options)
            logger.info("loaded \(loaded.resolved.id) from \(loaded.resolved.path) in \(Int(Date().timeIntervalSince(started) * 1000)) ms: context \(loaded.transformer.contextLength), \(options.slots) slots, template \(loaded.templateSource)")
            var model = loaded.served(created: created, id: index < names.count ? names[index] : nil)
            model.samplingDefaults = sampling.overriding(model.samplingDefaults)
            if let defaultMaxTokens { model.defaultMaxTokens = defaultMaxTokens }
            served.append(model)
        } catch {
            throw CLIError(error.description)
        }
    }
    return LocalInferenceService(models: served, thinkingPrompt: thinkingPrompt)
}
