/// One scalar setting of `swiftlet serve`, as every source names it: a key path in the config file
/// (`["sampling", "top_k"]` is `sampling.top_k`), an environment variable, and the flag that sets it, if any.
///
/// ``Setting/all`` is the one list of what Swiftlet can be told; ``ConfigFile`` rejects file keys outside it (and
/// outside ``Setting/maps``), ``ConfigSources`` looks every one up flags first, then the environment, then the file.
public struct Setting: Sendable, Hashable {
    /// The value's type in every source.
    public enum Kind: Sendable, Hashable {
        case string, int, double, bool, strings
    }

    /// Key path in the config file.
    public let path: [String]
    /// The value's type.
    public let kind: Kind
    /// Never printed or logged (`swiftlet config` shows `<redacted>`).
    public let isSecret: Bool
    /// The environment variable, `SWIFTLET_` and the path in upper snake case unless named otherwise.
    public let environment: String

    init(_ path: String, _ kind: Kind, secret: Bool = false, environment: String? = nil) {
        self.path = path.split(separator: ".").map(String.init)
        self.kind = kind
        self.isSecret = secret
        self.environment = environment ?? Self.environmentName(self.path)
    }

    /// The dotted file key (`sampling.top_k`).
    public var name: String { path.joined(separator: ".") }

    /// `SWIFTLET_` and the path in upper snake case, the rule swift-configuration's environment provider applies to a
    /// key it is given (`maxBodyBytes` → `SWIFTLET_MAX_BODY_BYTES`, `sampling.top_k` → `SWIFTLET_SAMPLING_TOP_K`).
    static func environmentName(_ path: [String]) -> String {
        let words = (["swiftlet"] + path).map { component -> String in
            var out = ""
            var previous: Character?
            for c in component {
                if let p = previous, p.isLowercase, c.isUppercase { out.append("_") }
                out.append(c.isLetter || c.isNumber ? Character(c.uppercased()) : "_")
                previous = c
            }
            return out
        }
        return words.joined(separator: "_")
    }
}

extension Setting {
    public static let host = Setting("host", .string)
    public static let port = Setting("port", .int)
    public static let models = Setting("models", .strings)
    public static let apiKeys = Setting("apiKeys", .strings, secret: true)
    public static let apiKeyFile = Setting("apiKeyFile", .string)
    public static let maxBodyBytes = Setting("maxBodyBytes", .int)
    public static let keepAliveSeconds = Setting("keepAliveSeconds", .double)
    public static let defaultModel = Setting("defaultModel", .string)
    public static let reasoningInCompletionTokens = Setting("reasoningInCompletionTokens", .bool)
    public static let emitReasoningAlias = Setting("emitReasoningAlias", .bool)
    public static let systemFingerprint = Setting("systemFingerprint", .string)
    public static let thinkingSecret = Setting("thinkingSecret", .string, secret: true)
    public static let thinkingPrompt = Setting("thinkingPrompt", .string)
    public static let temperature = Setting("sampling.temperature", .double)
    public static let topK = Setting("sampling.top_k", .int)
    public static let topP = Setting("sampling.top_p", .double)
    public static let minP = Setting("sampling.min_p", .double)
    public static let repetitionPenalty = Setting("sampling.repetition_penalty", .double)
    /// The DRY penalty's multiplier for free-text chat answers (0 turns the default guard off).
    public static let dryMultiplier = Setting("sampling.dry_multiplier", .double)
    public static let defaultMaxTokens = Setting("defaultMaxTokens", .int)
    /// Secret because a PostgreSQL URL carries a password (`swiftlet config` shows the URL with it masked).
    public static let database = Setting("database", .string, secret: true, environment: "SWIFTLET_DATABASE_URL")
    public static let freeTierCredits = Setting("freeTierCredits", .double)
    public static let instanceID = Setting("instanceID", .string)
    public static let metricsKey = Setting("metricsKey", .string, secret: true)
    public static let slots = Setting("slots", .int)
    public static let context = Setting("context", .int)
    public static let threads = Setting("threads", .int, environment: "SWIFTLET_THREADS")
    public static let promptCache = Setting("promptCache", .bool)
    public static let logLevel = Setting("logLevel", .string)
    public static let logFormat = Setting("logFormat", .string)
    public static let shutdownGraceSeconds = Setting("shutdownGraceSeconds", .double)
    public static let requestReadTimeoutSeconds = Setting("requestReadTimeoutSeconds", .double)
    public static let idleTimeoutSeconds = Setting("idleTimeoutSeconds", .double)
    public static let maxConnections = Setting("maxConnections", .int)
    public static let publicURL = Setting("publicURL", .string)

    /// Every scalar setting.
    public static let all: [Setting] = [
        host, port, models, apiKeys, apiKeyFile, maxBodyBytes, keepAliveSeconds, defaultModel,
        reasoningInCompletionTokens, emitReasoningAlias, systemFingerprint, thinkingSecret, thinkingPrompt,
        temperature, topK, topP, minP, repetitionPenalty, dryMultiplier, defaultMaxTokens, database, freeTierCredits, instanceID,
        metricsKey, slots, context, threads, promptCache, logLevel, logFormat, shutdownGraceSeconds,
        requestReadTimeoutSeconds, idleTimeoutSeconds, maxConnections, publicURL,
    ]

    /// File keys whose value is an object keyed by names the user picks (model ids, aliases): read from the file
    /// only, since neither a flag nor an environment variable can spell an open set of names.
    public static let maps: Set<String> = ["aliases", "prices", "upstreams"]
}
