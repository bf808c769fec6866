import Foundation
public import Inference
public import InferenceTypes
public import Upstream

/// Everything `swiftlet serve` can be told: from flags, the environment and a JSON or YAML config file, in that
/// order of precedence (``ConfigSources``, ``ServerConfiguration/resolve(_:)``; ``Setting`` lists every key).
///
/// Config file (JSON, or the same keys in YAML; every key optional, an unknown key is an error):
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
///  "apiKeyFile": "/etc/swiftlet/keys", "slots": 4, "context": 4096, "threads": 2, "promptCache": true,
///  "logLevel": "info", "logFormat": "json", "shutdownGraceSeconds": 30, "requestReadTimeoutSeconds": 60,
///  "idleTimeoutSeconds": 300, "maxConnections": 1024, "publicURL": "https://llm.example.com"}
/// ```
/// `thinkingSecret` (or `SWIFTLET_THINKING_SECRET`) keys the HMAC-SHA256 signatures of Anthropic thinking blocks;
/// without it `swiftlet serve` uses the secret stored in the platform database (shared by every instance on it; the
/// first instance proposes its `$SWIFTLET_HOME/thinking-secret`, `ThinkingSecretFile`), or with `--database none` the
/// file's, and a router built without one draws a random key.
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
    /// The output cap of a chat request that names none, for every model (nil = each model's own: its catalog
    /// entry's, else `ServedModel.standardMaxTokens`).
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

    /// Models served by upstream engines or providers (`--upstream`); with some and no local `models`, the server
    /// loads no weights.
    public var upstreams = UpstreamConfiguration()
    /// The URL clients reach the server at (`https://llm.example.com`), for the web pages and their code snippets;
    /// nil = taken from each request's `Host` header.
    public var publicURL: String?
    /// The file the keys in ``apiKeys`` were partly read from (for `swiftlet config`).
    public var apiKeyFile: String?
    /// Sequences each model runs at once (KV-cache slots).
    public var slots = 4
    /// Context length per sequence (nil = the model's, at most 8192).
    public var contextLength: Int?
    /// Worker threads (nil = every core).
    public var threads: Int?
    /// Reuse cached prompt prefixes.
    public var promptCache = true
    /// swift-log level name.
    public var logLevel = "info"
    /// `text` or `json` (one object per line).
    public var logFormat = "text"
    /// After SIGTERM or SIGINT: how long running requests may go on before they are cancelled.
    public var shutdownGrace: Duration = .seconds(30)
    /// How long a client may take to send a request's head and body, counted from the connection opening or the end
    /// of the previous response (a client that stalls or trickles bytes is dropped after it).
    public var requestReadTimeout: Duration = .seconds(60)
    /// How long a connection may sit with nothing to read or write before it is closed.
    public var idleTimeout: Duration = .seconds(300)
    /// Connections served at once; more are closed as soon as they open.
    public var maxConnections = 1024

    /// The defaults.
    public init() {}

    /// An error in the configuration: which setting, which source, what is wrong.
    public struct Error: Swift.Error, CustomStringConvertible {
        /// What is wrong, with the file name or the setting.
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// `url` without trailing slashes, if it is an `http` or `https` URL; nil otherwise.
    public static func normalizedPublicURL(_ url: String) -> String? {
        var u = url.trimmingCharacters(in: .whitespaces)
        guard u.hasPrefix("http://") || u.hasPrefix("https://"), !u.contains(where: { $0 == "\"" || $0 == "<" || $0 == " " }) else { return nil }
        while u.hasSuffix("/") { u.removeLast() }
        return u.count > "https://".count ? u : nil
    }
}
