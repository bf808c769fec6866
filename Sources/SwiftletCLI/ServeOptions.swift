import ArgumentParser
import Foundation
import Server

/// The settings `swiftlet serve` and `swiftlet config` take as flags. Every one is optional, without a default here:
/// a flag that is not given leaves the setting to the environment, the config file, then the built-in default
/// (``ConfigSources``), and `--help` names the matching config key and environment variable.
struct ServeOptions: ParsableArguments {
    @Option(name: .shortAndLong, help: "Model to serve (catalog id, file in the models folder, or .gguf path). Repeatable. (config `models`, SWIFTLET_MODELS)")
    var model: [String] = []

    @Option(help: "Address to listen on (default 127.0.0.1; config `host`, SWIFTLET_HOST).")
    var host: String?

    @Option(help: "Port to listen on (default 8080; config `port`, SWIFTLET_PORT).")
    var port: Int?

    @Option(help: "Configuration file, JSON or YAML (.yaml/.yml); an unknown key is an error. Default: SWIFTLET_CONFIG.")
    var config: String?

    @Option(name: .customLong("api-key"), help: "An accepted API key. Repeatable. (config `apiKeys`, SWIFTLET_API_KEYS comma-separated, SWIFTLET_API_KEY)")
    var apiKeys: [String] = []

    @Option(name: .customLong("api-key-file"), help: "A file of accepted API keys, one per line, # comments (config `apiKeyFile`, SWIFTLET_API_KEY_FILE).")
    var apiKeyFile: String?

    @Option(help: "Largest accepted request body in bytes (default 32 MiB; config `maxBodyBytes`).")
    var maxBodyBytes: Int?

    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical (default info; config `logLevel`).")
    var logLevel: String?

    @Option(help: "Log format: text or json (one object per line, on standard error) (default text; config `logFormat`).")
    var logFormat: String?

    @Option(help: "Bearer token /metrics requires (default: open; config `metricsKey`, SWIFTLET_METRICS_KEY).")
    var metricsKey: String?

    @Option(name: .customLong("served-model-name"),
        help: "Name to serve the n-th --model under (default: its catalog id, or its file name without .gguf). Repeatable.")
    var servedModelNames: [String] = []

    @Option(help: "Context length per sequence (default: the model's, at most 8192; config `context`).")
    var context: Int?

    @Option(help: "Worker threads (default: every core; config `threads`, SWIFTLET_THREADS).")
    var threads: Int?

    @Option(help: "Sequences each model runs at once, KV-cache slots (default 4; config `slots`).")
    var slots: Int?

    @Flag(help: "Prefill every prompt from scratch instead of reusing cached prompt prefixes (config `promptCache: false`).")
    var noPromptCache = false

    @Option(name: .customLong("thinking-prompt"),
        help: "System-prompt addition that makes models without native reasoning think in <think>…</think> first (default: Swiftlet's built-in one; config `thinkingPrompt`).")
    var thinkingPrompt: String?

    @Option(help: "Output cap of a chat request that sets no max_tokens, for every model (default: the model's, 1024 or its catalog entry's; config `defaultMaxTokens`).")
    var defaultMaxTokens: Int?

    @Option(name: .customLong("thinking-secret"),
        help: "Key of the HMAC-SHA256 signatures on Anthropic thinking blocks (default: SWIFTLET_THINKING_SECRET, else a secret generated once in $SWIFTLET_HOME/thinking-secret, mode 0600).")
    var thinkingSecret: String?

    @Option(help: "Platform database: postgres://user:pass@host:5432/db, a SQLite file path, or `none` (keep no keys or usage). Default: SWIFTLET_DATABASE_URL, else $SWIFTLET_HOME/swiftlet.sqlite.")
    var database: String?

    @Option(help: "This process's name in credit reservations, released when it restarts (default: host:port; config `instanceID`).")
    var instanceID: String?

    @Option(help: "Seconds running requests may go on after SIGTERM/SIGINT before they are cancelled (default 30; config `shutdownGraceSeconds`).")
    var shutdownGrace: Double?

    @Option(help: "Seconds a client may take to send a request's head and body (default 60; config `requestReadTimeoutSeconds`).")
    var requestReadTimeout: Double?

    @Option(help: "Seconds a connection may sit idle before it is closed (default 300; config `idleTimeoutSeconds`).")
    var idleTimeout: Double?

    @Option(help: "Connections served at once; more are closed on arrival (default 1024; config `maxConnections`).")
    var maxConnections: Int?

    @Option(name: .customLong("public-url"),
        help: "URL clients reach this server at, for the web pages' endpoints and code (default: each request's Host; config `publicURL`).")
    var publicURL: String?

    /// The flags that were given, as settings.
    var flags: [Setting: SettingValue] {
        var f: [Setting: SettingValue] = [:]
        if !model.isEmpty { f[.models] = .strings(model) }
        if let host { f[.host] = .string(host) }
        if let port { f[.port] = .int(port) }
        if !apiKeys.isEmpty { f[.apiKeys] = .strings(apiKeys) }
        if let apiKeyFile { f[.apiKeyFile] = .string(apiKeyFile) }
        if let maxBodyBytes { f[.maxBodyBytes] = .int(maxBodyBytes) }
        if let logLevel { f[.logLevel] = .string(logLevel) }
        if let logFormat { f[.logFormat] = .string(logFormat) }
        if let metricsKey { f[.metricsKey] = .string(metricsKey) }
        if let context { f[.context] = .int(context) }
        if let threads { f[.threads] = .int(threads) }
        if let slots { f[.slots] = .int(slots) }
        if noPromptCache { f[.promptCache] = .bool(false) }
        if let thinkingPrompt { f[.thinkingPrompt] = .string(thinkingPrompt) }
        if let defaultMaxTokens { f[.defaultMaxTokens] = .int(defaultMaxTokens) }
        if let thinkingSecret { f[.thinkingSecret] = .string(thinkingSecret) }
        if let database { f[.database] = .string(database) }
        if let instanceID { f[.instanceID] = .string(instanceID) }
        if let shutdownGrace { f[.shutdownGraceSeconds] = .double(shutdownGrace) }
        if let requestReadTimeout { f[.requestReadTimeoutSeconds] = .double(requestReadTimeout) }
        if let idleTimeout { f[.idleTimeoutSeconds] = .double(idleTimeout) }
        if let maxConnections { f[.maxConnections] = .int(maxConnections) }
        if let publicURL { f[.publicURL] = .string(publicURL) }
        return f
    }

    /// The sources in precedence order: these flags, the process environment, the config file (`--config`, else
    /// `SWIFTLET_CONFIG`).
    func sources(environment: [String: String] = ProcessInfo.processInfo.environment) async throws -> ConfigSources {
        let file = config ?? environment["SWIFTLET_CONFIG"].flatMap { $0.isEmpty ? nil : $0 }
        do {
            return try await ConfigSources(flags: flags, environment: environment, filePath: file)
        } catch {
            throw CLIError(error.description)
        }
    }

    /// The effective configuration.
    func resolve(_ sources: ConfigSources) async throws -> ServerConfiguration {
        do { return try await ServerConfiguration.resolve(sources) } catch { throw CLIError(error.description) }
    }
}
