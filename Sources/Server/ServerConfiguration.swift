import Foundation
public import Inference
public import InferenceTypes

/// Everything `swiftlet serve` can be told: from flags, a JSON config file and the environment.
///
/// Config file (JSON, every key optional):
/// ```json
/// {"host": "127.0.0.1", "port": 8080, "models": ["smollm2-135m-instruct"], "apiKeys": ["sk-…"],
///  "maxBodyBytes": 33554432, "keepAliveSeconds": 15, "defaultModel": "smollm2-135m-instruct",
///  "aliases": {"claude-sonnet-4-5": "smollm2-135m-instruct", "thinker": {"model": "grok-3-mini", "alwaysReasons": true}},
///  "reasoningInCompletionTokens": false,
///  "emitReasoningAlias": false, "systemFingerprint": "fp_swiftlet", "thinkingSecret": "…",
///  "thinkingPrompt": "…", "sampling": {"temperature": 0.7, "top_k": 40, "top_p": 0.9, "min_p": 0.05},
///  "defaultMaxTokens": 1024,
///  "database": "postgres://user:pass@host:5432/db", "freeTierCredits": 1.0, "instanceID": "node-a", "metricsKey": "…",
///  "prices": {"grok-3-mini": {"input": 0.30, "cachedInput": 0.075, "output": 0.50}},
///  "publicURL": "https://llm.example.com"}
/// ```
/// `thinkingSecret` (or `SWIFTLET_THINKING_SECRET`) keys the HMAC-SHA256 signatures of Anthropic thinking blocks;
/// without it `swiftlet serve` uses the secret generated once in `$SWIFTLET_HOME/thinking-secret` (`ThinkingSecretFile`),
/// and a router built without one draws a random key.
/// `thinkingPrompt` replaces Swiftlet's built-in instruction that makes models without native reasoning think in
/// `<think>…</think>` first (see `ThinkingPrompt` in Inference).
public struct ServerConfiguration: Sendable {
    /// Address to listen on.
    public var host = "127.0.0.1"
    /// Port to listen on (0 = any free port).
    public var port = 8080
    /// Models to serve (catalog ids, file names or paths), for the service factory.
    public var models: [String] = []
    /// Accepted API keys; empty = the server is open (a warning is logged at start-up).
    public var apiKeys: [String] = []
    /// Largest accepted request body (413 above it). Anthropic's limit: 32 MB.
    public var maxBodyBytes = 32 * 1024 * 1024
    /// SSE keep-alive: a ping goes out after this long without any other frame.
    public var keepAliveInterval: Duration = .seconds(15)
    /// The model aliases without an explicit target go to; nil = the first served model.
    public var defaultModel: String?
    /// Other names for served models (`ModelResolver`): the Grok 3 Mini persona by default (on the default model,
    /// always reasoning); the config file's `aliases` add names or repoint these.
    public var aliases: [ModelAlias] = ModelAlias.grokPersona
    /// Usage convention on OpenAI routes: false = xAI (reasoning outside `completion_tokens`).
    public var reasoningInCompletionTokens = false
    /// Also send `reasoning` beside `reasoning_content`.
    public var emitReasoningAlias = false
    /// `system_fingerprint` on OpenAI responses.
    public var systemFingerprint = "fp_swiftlet"
    /// The key of thinking-block signatures (nil = random per router; `serve` fills it from `ThinkingSecretFile`).
    public var thinkingSecret: String?
    /// The system-prompt addition for thinking on models without native reasoning (nil = the built-in one).
    public var thinkingPrompt: String?
    /// Sampling settings for what requests leave out, over every served model's own recommendations.
    public var sampling = SamplingDefaults()
    /// The output cap of a chat request that names none (nil = `ServedModel.standardMaxTokens`).
    public var defaultMaxTokens: Int?
    /// The platform database: nil = SQLite at `$SWIFTLET_HOME/swiftlet.sqlite`; `postgres://…` = PostgreSQL;
    /// `none` = keep nothing (static keys only, no ledger).
    public var databaseURL: String?
    /// Prices per million tokens by model id or alias (over the catalog's and the Grok persona's).
    public var prices: [String: TokenPricing] = [:]
    /// The starting credit of keys created with `--free-tier` (USD).
    public var freeTierCredits = 1.0
    /// This process's name in credit reservations (nil = `host:port`).
    public var instanceID: String?
    /// A bearer token `/metrics` requires (nil = open, as Prometheus scrapers expect).
    public var metricsKey: String?
    /// The URL clients reach the server at (`https://llm.example.com`), for the web pages and their code snippets;
    /// nil = taken from each request's `Host` header.
    public var publicURL: String?

    /// The defaults.
    public init() {}

    /// An error in the configuration file or environment.
    public struct Error: Swift.Error, CustomStringConvertible {
        /// What is wrong, with the file name.
        public let description: String
    }

    /// Reads a JSON configuration file over the defaults.
    public static func load(file path: String) throws(Error) -> ServerConfiguration {
        guard let data = FileManager.default.contents(atPath: path) else { throw Error(description: "cannot read config file \(path)") }
        var config = ServerConfiguration()
        do {
            let f = try JSONFields(try JSONValue.parse([UInt8](data)))
            if let v = try f.string("host") { config.host = v }
            if let v = try f.int("port", in: 0...65535) { config.port = Int(v) }
            if let v = try f.strings("models") { config.models = v }
            if let v = try f.strings("apiKeys") { config.apiKeys = v }
            if let v = try f.int("maxBodyBytes", in: 1...Int64(Int32.max)) { config.maxBodyBytes = Int(v) }
            if let v = try f.double("keepAliveSeconds", in: 0.01...3600) { config.keepAliveInterval = .milliseconds(Int64(v * 1000)) }
            config.defaultModel = try f.string("defaultModel")
            if let a = try f.object("aliases") {
                for (name, value) in a.members {
                    if case .string(let target) = value {
                        config.aliases.set(name, to: target)
                    } else {
                        guard let spec = try a.object(name) else { continue }
                        config.aliases.set(name, to: try spec.string("model"), alwaysReasons: try spec.bool("alwaysReasons") ?? false)
                    }
                }
            }
            if let v = try f.bool("reasoningInCompletionTokens") { config.reasoningInCompletionTokens = v }
            if let v = try f.bool("emitReasoningAlias") { config.emitReasoningAlias = v }
            if let v = try f.string("systemFingerprint") { config.systemFingerprint = v }
            if let v = try f.string("thinkingSecret"), !v.isEmpty { config.thinkingSecret = v }
            if let v = try f.string("thinkingPrompt"), !v.isEmpty { config.thinkingPrompt = v }
            if let v = try f.int("defaultMaxTokens", in: RequestLimits.maxTokensRange) { config.defaultMaxTokens = Int(v) }
            if let v = try f.string("database"), !v.isEmpty { config.databaseURL = v }
            if let v = try f.double("freeTierCredits", in: 0...1_000_000) { config.freeTierCredits = v }
            if let v = try f.string("instanceID"), !v.isEmpty { config.instanceID = v }
            if let v = try f.string("metricsKey"), !v.isEmpty { config.metricsKey = v }
            if let v = try f.string("publicURL"), !v.isEmpty {
                guard let url = Self.normalizedPublicURL(v) else {
                    throw JSONFieldError.invalid("publicURL", "must be an http:// or https:// URL")
                }
                config.publicURL = url
            }
            if let p = try f.object("prices") {
                for (name, _) in p.members {
                    guard let spec = try p.object(name) else { continue }
                    let input = try spec.double("input", in: 0...1_000_000) ?? 0
                    config.prices[name] = TokenPricing(inputPerMillion: input,
                        cachedInputPerMillion: try spec.double("cachedInput", in: 0...1_000_000) ?? input,
                        outputPerMillion: try spec.double("output", in: 0...1_000_000) ?? 0)
                }
            }
            if let o = try f.object("sampling") {
                config.sampling = SamplingDefaults(
                    temperature: try o.double("temperature", in: 0...2), topK: try o.int("top_k", in: 0...1_000_000).map(Int.init),
                    topP: try o.double("top_p", in: 0...1), minP: try o.double("min_p", in: 0...1),
                    repetitionPenalty: try o.double("repetition_penalty", in: 0.01...10))
            }
        } catch let e as JSONParseError {
            throw Error(description: "\(path): \(e.description)")
        } catch let e as JSONFieldError {
            throw Error(description: "\(path): \(e.description)")
        } catch {
            throw Error(description: "\(path): \(error)")
        }
        return config
    }

    /// `url` without trailing slashes, if it is an `http` or `https` URL; nil otherwise.
    public static func normalizedPublicURL(_ url: String) -> String? {
        var u = url.trimmingCharacters(in: .whitespaces)
        guard u.hasPrefix("http://") || u.hasPrefix("https://"), !u.contains(where: { $0 == "\"" || $0 == "<" || $0 == " " }) else { return nil }
        while u.hasSuffix("/") { u.removeLast() }
        return u.count > "https://".count ? u : nil
    }

    /// Adds keys from `SWIFTLET_API_KEYS` (comma-separated) and `SWIFTLET_API_KEY`, the thinking secret from
    /// `SWIFTLET_THINKING_SECRET` and the database from `SWIFTLET_DATABASE_URL` when none is configured.
    public mutating func addKeysFromEnvironment(_ environment: [String: String]? = nil) {
        let environment = environment ?? ProcessInfo.processInfo.environment
        if databaseURL == nil, let url = environment["SWIFTLET_DATABASE_URL"], !url.isEmpty { databaseURL = url }
        if thinkingSecret == nil, let secret = environment["SWIFTLET_THINKING_SECRET"], !secret.isEmpty {
            thinkingSecret = secret
        }
        if let list = environment["SWIFTLET_API_KEYS"] {
            apiKeys += list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let key = environment["SWIFTLET_API_KEY"], !key.isEmpty { apiKeys.append(key) }
    }
}
