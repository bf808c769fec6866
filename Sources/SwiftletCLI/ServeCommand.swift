import ArgumentParser
import Foundation
import Inference
import InferenceTypes
import Logging
import Server
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
        help: "Key of the HMAC-SHA256 signatures on Anthropic thinking blocks (default: SWIFTLET_THINKING_SECRET, else random per process, so old signatures fail after a restart).")
    var thinkingSecret: String?

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

        var logger = Logger(label: "swiftlet")
        guard let level = Logger.Level(rawValue: logLevel) else { throw CLIError("unknown log level \(logLevel)") }
        logger.logLevel = level

        let options = LoadOptions(
            contextLength: load.context, slots: slots, threads: load.threads, promptCache: !noPromptCache)
        let service = try await makeService(models: configuration.models, names: servedModelNames, options: options,
            logger: logger, thinkingPrompt: configuration.thinkingPrompt.map { ThinkingPrompt(instruction: $0) } ?? .builtin,
            sampling: configuration.sampling, defaultMaxTokens: configuration.defaultMaxTokens)
        try await runServer(service: service, configuration: configuration, logger: logger)
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
