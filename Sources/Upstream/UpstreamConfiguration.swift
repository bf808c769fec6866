import Foundation
import InferenceTypes

/// Every upstream model a server forwards to, built from strings: the `serve` flags (`--upstream ID=URL[#remote]`,
/// `--upstream-key ID=KEY`, `--upstream-api ID=API`, `--upstream-option ID:NAME=VALUE`) and, the same way, any other
/// source of name–value settings (``set(_:_:_:)`` is the one place each setting is parsed).
///
/// Settings by name (durations in seconds, decimals allowed):
/// `url` (adds a base URL; `URL#remote-model` also names the model at the upstream), `model` (the remote name),
/// `key` (the API key, or `env:VARIABLE` to read it from the environment), `api` (`openai`, `openai-standard`,
/// `anthropic`), `connect-timeout`, `first-byte-timeout`, `idle-timeout`, `attempts`, `breaker-failures` (consecutive
/// failures that open a URL's circuit), `breaker-cooldown` (seconds before a probe), `price` (`INPUT,OUTPUT` or
/// `INPUT,OUTPUT,CACHED_INPUT` USD per million tokens), `context` (tokens), `max-tokens` (the default output cap).
public struct UpstreamConfiguration: Sendable, Hashable {
    /// The models, in the order they were first named.
    public private(set) var models: [UpstreamModel] = []

    /// No upstreams.
    public init() {}

    /// Every setting ``set(_:_:_:environment:)`` knows.
    public static let settingNames = [
        "url", "model", "key", "api", "connect-timeout", "first-byte-timeout", "idle-timeout", "attempts",
        "breaker-failures", "breaker-cooldown", "price", "context", "max-tokens",
    ]

    /// Whether no upstream is configured.
    public var isEmpty: Bool { models.isEmpty }

    /// A setting that could not be used.
    public struct Error: Swift.Error, Sendable, Hashable, CustomStringConvertible {
        /// What is wrong, naming the setting.
        public var description: String
    }

    /// `ID=URL` or `ID=URL#remote-model` (`--upstream`): adds a URL to model `ID` (a second URL for one id is a
    /// failover target).
    public mutating func addUpstream(_ spec: String) throws(Error) {
        let (id, value) = try Self.split(spec, flag: "--upstream", expected: "ID=URL")
        try set(id, "url", value)
    }

    /// `ID=KEY` (`--upstream-key`).
    public mutating func setKey(_ spec: String) throws(Error) {
        let (id, value) = try Self.split(spec, flag: "--upstream-key", expected: "ID=KEY")
        try set(id, "key", value)
    }

    /// `ID=API` (`--upstream-api`).
    public mutating func setAPI(_ spec: String) throws(Error) {
        let (id, value) = try Self.split(spec, flag: "--upstream-api", expected: "ID=openai|openai-standard|anthropic")
        try set(id, "api", value)
    }

    /// `ID:NAME=VALUE` (`--upstream-option`), e.g. `big:idle-timeout=30`.
    public mutating func setOption(_ spec: String) throws(Error) {
        guard let colon = spec.firstIndex(of: ":"), let equals = spec[colon...].firstIndex(of: "=") else {
            throw Error(description: "--upstream-option \(spec): expected ID:NAME=VALUE")
        }
        try set(String(spec[..<colon]), String(spec[spec.index(after: colon)..<equals]), String(spec[spec.index(after: equals)...]))
    }

    /// Sets one setting of model `id` (creating the model when it is new).
    public mutating func set(_ id: String, _ name: String, _ value: String, environment: [String: String]? = nil)
        throws(Error)
    {
        let environment = environment ?? ProcessInfo.processInfo.environment
        guard !id.isEmpty else { throw Error(description: "upstream \(name): the model id is empty") }
        if !models.contains(where: { $0.id == id }) { models.append(UpstreamModel(id: id)) }
        guard let index = models.firstIndex(where: { $0.id == id }) else { return }
        func fail(_ expected: String) -> Error { Error(description: "upstream \(id): \(name) \(value) is not \(expected)") }
        var m = models[index]
        switch name {
        case "url":
            var url = value
            if let hash = value.firstIndex(of: "#") {
                url = String(value[..<hash])
                let remote = String(value[value.index(after: hash)...])
                guard !remote.isEmpty else { throw fail("URL#remote-model with a model name after #") }
                m.remoteModel = remote
            }
            guard let base = Self.baseURL(url) else { throw fail("an http:// or https:// URL") }
            if !m.urls.contains(base) { m.urls.append(base) }
        case "model":
            guard !value.isEmpty else { throw fail("a model name") }
            m.remoteModel = value
        case "key":
            if value.hasPrefix("env:") {
                guard let key = environment[String(value.dropFirst(4))], !key.isEmpty else {
                    throw Error(description: "upstream \(id): the environment variable \(value.dropFirst(4)) is not set")
                }
                m.apiKey = key
            } else {
                m.apiKey = value.isEmpty ? nil : value
            }
        case "api":
            guard let api = UpstreamAPI(rawValue: value.lowercased()) else {
                throw fail(UpstreamAPI.allCases.map(\.rawValue).joined(separator: ", ").replacingLastComma())
            }
            m.api = api
        case "connect-timeout": m.timeouts.connect = try Self.seconds(value, fail("a number of seconds above 0"))
        case "first-byte-timeout": m.timeouts.firstByte = try Self.seconds(value, fail("a number of seconds above 0"))
        case "idle-timeout": m.timeouts.idle = try Self.seconds(value, fail("a number of seconds above 0"))
        case "attempts":
            guard let n = Int(value), (1...16).contains(n) else { throw fail("a count from 1 to 16") }
            m.attempts = n
        case "breaker-failures":
            guard let n = Int(value), (1...1000).contains(n) else { throw fail("a count from 1 to 1000") }
            m.breaker.failureThreshold = n
        case "breaker-cooldown": m.breaker.cooldown = try Self.seconds(value, fail("a number of seconds above 0"))
        case "price":
            let parts = value.split(separator: ",").map { Double($0.trimmingCharacters(in: .whitespaces)) }
            guard (2...3).contains(parts.count), let input = parts[0], let output = parts[1],
                parts.allSatisfy({ $0.map { $0.isFinite && $0 >= 0 && $0 <= 1_000_000 } ?? false })
            else { throw fail("INPUT,OUTPUT[,CACHED_INPUT] in USD per million tokens") }
            m.pricing = TokenPricing(inputPerMillion: input, cachedInputPerMillion: parts.count == 3 ? parts[2] ?? input : input,
                outputPerMillion: output)
        case "context":
            guard let n = Int(value), (1...100_000_000).contains(n) else { throw fail("a token count") }
            m.contextLength = n
        case "max-tokens":
            guard let n = Int(value), RequestLimits.maxTokens.contains(n) else { throw fail("a token count") }
            m.defaultMaxTokens = n
        default:
            throw Error(description: "upstream \(id): unknown setting \(name) (use \(Self.settingNames.joined(separator: ", ")))")
        }
        models[index] = m
    }

    /// Checks that every model has a URL.
    public func validate() throws(Error) {
        for m in models where m.urls.isEmpty {
            throw Error(description: "upstream \(m.id) has settings but no URL (add --upstream \(m.id)=URL)")
        }
    }

    /// The smallest connect timeout of all models (the shared connection pool has one).
    public var connectTimeout: Duration {
        models.map(\.timeouts.connect).min() ?? UpstreamTimeouts().connect
    }

    private static func split(_ spec: String, flag: String, expected: String) throws(Error) -> (String, String) {
        guard let equals = spec.firstIndex(of: "="), equals != spec.startIndex else {
            throw Error(description: "\(flag) \(spec): expected \(expected)")
        }
        return (String(spec[..<equals]), String(spec[spec.index(after: equals)...]))
    }

    private static func seconds(_ value: String, _ error: Error) throws(Error) -> Duration {
        guard let s = Double(value), s.isFinite, s > 0, s <= 86_400 else { throw error }
        return .milliseconds(Int64((s * 1000).rounded(.up)))
    }

    /// `url` without a trailing slash, with `/v1` when it has no path; nil unless it is an http(s) URL with a host.
    static func baseURL(_ url: String) -> String? {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            scheme == "http" || scheme == "https", let host = components.host, !host.isEmpty,
            components.query == nil
        else { return nil }
        var base = url
        while base.hasSuffix("/") { base.removeLast() }
        return components.path.isEmpty || components.path == "/" ? base + "/v1" : base
    }
}

extension String {
    fileprivate func replacingLastComma() -> String {
        guard let r = range(of: ", ", options: .backwards) else { return self }
        return replacingCharacters(in: r, with: " or ")
    }
}
