import ArgumentParser
import Foundation
import Inference
import InferenceTypes
import Logging
import Server
import Storage
import Transformer
import Upstream

/// `swiftlet serve` (the default command): the OpenAI- and Anthropic-compatible HTTP API.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve models over the OpenAI- and Anthropic-compatible HTTP API."
    )

    @OptionGroup var options: ServeOptions

    @OptionGroup var upstream: UpstreamOptions

    func run() async throws {
        let sources = try await options.sources()
        var configuration = try await options.resolve(sources)
        let secretConfigured = configuration.thinkingSecret != nil
        if configuration.thinkingSecret == nil {
            let home = StoreLocation.defaultHome(environment: ProcessInfo.processInfo.environment)
            do { configuration.thinkingSecret = try ThinkingSecretFile.loadOrCreate(home: home) } catch { throw CLIError(error.description) }
        }
        if configuration.logFormat == "json" { LoggingSystem.bootstrap(JSONLogHandler.init) }
        var logger = Logger(label: "swiftlet")
        logger.logLevel = Logger.Level(rawValue: configuration.logLevel) ?? .info

        try upstream.apply(to: &configuration.upstreams)
        let load = LoadOptions(contextLength: configuration.contextLength, slots: configuration.slots,
            threads: configuration.threads, promptCache: configuration.promptCache)
        // Upstream models alone: no local model, no weights loaded.
        var services: [any InferenceService] = []
        if !configuration.models.isEmpty || configuration.upstreams.isEmpty {
            services.append(try await makeService(models: configuration.models, names: options.servedModelNames,
                options: load, logger: logger,
                thinkingPrompt: configuration.thinkingPrompt.map { ThinkingPrompt(instruction: $0) } ?? .builtin,
                sampling: configuration.sampling, defaultMaxTokens: configuration.defaultMaxTokens))
        }
        var transport: HTTPClientTransport?
        if !configuration.upstreams.isEmpty {
            let t = HTTPClientTransport(connectTimeout: configuration.upstreams.connectTimeout)
            transport = t
            services.append(UpstreamInferenceService(configuration: configuration.upstreams, transport: t,
                logger: logger, created: Int(Date().timeIntervalSince1970)))
            for m in configuration.upstreams.models {
                logger.info("upstream \(m.id): \(m.api.rawValue) at \(m.urls.joined(separator: ", ")) as \(m.remoteModel)")
            }
        }
        let service: any InferenceService = services.count == 1 ? services[0] : RoutingInferenceService(services)
        let store = try await DatabaseOptions.open(url: configuration.databaseURL)
        if store == nil { logger.notice("database none: no platform keys, no usage ledger") }
        // Without a configured secret, every instance on the database signs with the one stored there (the first
        // instance's file secret), so a thinking block one instance signed verifies on all of them.
        if !secretConfigured, let shared = store as? any SharedSettings, let proposal = configuration.thinkingSecret {
            do {
                configuration.thinkingSecret = try await shared.sharedValue(ThinkingSecretFile.name, proposing: proposal)
            } catch {
                await store?.close()
                throw CLIError(error.description)
            }
        }
        let platform = Platform(store: store, prices: PriceBook(configuration.prices),
            instance: configuration.instanceID ?? "\(configuration.host):\(configuration.port)")
        do {
            try await runServer(service: service, configuration: configuration, platform: platform, logger: logger)
        } catch {
            try? await transport?.shutdown()
            await store?.close()
            throw error
        }
        try? await transport?.shutdown()
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
