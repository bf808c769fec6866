import Configuration
import Foundation
import Inference
import InferenceTypes

extension ServerConfiguration {
    /// The effective configuration: every ``Setting`` read through `sources` (flags, environment, file, in that order;
    /// the defaults of ``ServerConfiguration`` for what none sets), the file's `aliases` and `prices`, and the keys in
    /// `apiKeyFile`. A value of the wrong type or out of range is an error naming the setting and where it came from.
    public static func resolve(_ sources: ConfigSources) async throws(Error) -> ServerConfiguration {
        let r = SettingReader(sources: sources)
        var c = ServerConfiguration()
        if let v = try await r.string(.host) { c.host = v }
        if let v = try await r.int(.port, in: 0...65535) { c.port = v }
        if let v = try await r.strings(.models) { c.models = v }
        if let v = try await r.strings(.apiKeys) { c.apiKeys = v }
        if let path = try await r.string(.apiKeyFile) {
            c.apiKeyFile = path
            do { c.apiKeys += try APIKeyFile.read(path) } catch {
                throw Error(description: "\(Setting.apiKeyFile.name) (\(sources.source(of: .apiKeyFile))): \(error.description)")
            }
        }
        if let v = try await r.int(.maxBodyBytes, in: 1...Int(Int32.max)) { c.maxBodyBytes = v }
        if let v = try await r.double(.keepAliveSeconds, in: 0.01...3600) { c.keepAliveInterval = .seconds(v) }
        c.defaultModel = try await r.string(.defaultModel)
        if let v = try await r.bool(.reasoningInCompletionTokens) { c.reasoningInCompletionTokens = v }
        if let v = try await r.bool(.emitReasoningAlias) { c.emitReasoningAlias = v }
        if let v = try await r.string(.systemFingerprint) { c.systemFingerprint = v }
        c.thinkingSecret = try await r.string(.thinkingSecret)
        c.thinkingPrompt = try await r.string(.thinkingPrompt)
        c.sampling = SamplingDefaults(
            temperature: try await r.double(.temperature, in: 0...2), topK: try await r.int(.topK, in: 0...1_000_000),
            topP: try await r.double(.topP, in: 0...1), minP: try await r.double(.minP, in: 0...1),
            repetitionPenalty: try await r.double(.repetitionPenalty, in: 0.01...10),
            repetitionGuard: try await r.double(.dryMultiplier, in: 0...10).map { RepetitionGuard(multiplier: $0) })
        c.defaultMaxTokens = try await r.int(.defaultMaxTokens, in: RequestLimits.maxTokens)
        c.databaseURL = try await r.string(.database)
        if let v = try await r.double(.freeTierCredits, in: 0...1_000_000) { c.freeTierCredits = v }
        c.instanceID = try await r.string(.instanceID)
        c.metricsKey = try await r.string(.metricsKey)
        if let v = try await r.int(.slots, in: 1...256) { c.slots = v }
        c.contextLength = try await r.int(.context, in: 16...1_048_576)
        c.threads = try await r.int(.threads, in: 1...1024)
        if let v = try await r.bool(.promptCache) { c.promptCache = v }
        if let v = try await r.string(.logLevel) {
            guard Self.logLevels.contains(v) else {
                throw r.invalid(.logLevel, "must be one of \(Self.logLevels.joined(separator: ", "))")
            }
            c.logLevel = v
        }
        if let v = try await r.string(.logFormat) {
            guard v == "text" || v == "json" else { throw r.invalid(.logFormat, "must be text or json") }
            c.logFormat = v
        }
        if let v = try await r.double(.shutdownGraceSeconds, in: 0...3600) { c.shutdownGrace = .seconds(v) }
        if let v = try await r.double(.requestReadTimeoutSeconds, in: 0.1...3600) { c.requestReadTimeout = .seconds(v) }
        if let v = try await r.double(.idleTimeoutSeconds, in: 0.1...86_400) { c.idleTimeout = .seconds(v) }
        if let v = try await r.int(.maxConnections, in: 1...1_000_000) { c.maxConnections = v }
        if let v = try await r.string(.publicURL) {
            guard let url = Self.normalizedPublicURL(v) else { throw r.invalid(.publicURL, "must be an http:// or https:// URL") }
            c.publicURL = url
        }
        if let file = sources.file {
            c.aliases = try file.aliases(over: c.aliases)
            c.prices = try file.prices()
            c.upstreams = try file.upstreams(over: c.upstreams, environment: sources.environment)
        }
        return c
    }

    /// The levels `logLevel` takes (swift-log's).
    static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
}

/// Reads settings through swift-configuration's fetch calls, which throw on a value of the wrong type, and checks
/// ranges; errors say which setting and which source.
private struct SettingReader {
    let sources: ConfigSources

    func invalid(_ s: Setting, _ message: String) -> ServerConfiguration.Error {
        ServerConfiguration.Error(description: "\(s.name) (\(sources.source(of: s))): \(message)")
    }

    private func fetch<T>(_ s: Setting, _ body: (ConfigReader, ConfigKey) async throws -> T?)
        async throws(ServerConfiguration.Error) -> T?
    {
        do { return try await body(sources.reader, ConfigKey(s.path)) } catch {
            throw invalid(s, "expected \(s.kind.noun) (\(error))")
        }
    }

    func string(_ s: Setting) async throws(ServerConfiguration.Error) -> String? {
        let v = try await fetch(s) { try await $0.fetchString(forKey: $1, isSecret: s.isSecret) }
        return v?.isEmpty == true ? nil : v
    }

    func strings(_ s: Setting) async throws(ServerConfiguration.Error) -> [String]? {
        let v = try await fetch(s) { try await $0.fetchStringArray(forKey: $1, isSecret: s.isSecret) }
        return v?.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    func bool(_ s: Setting) async throws(ServerConfiguration.Error) -> Bool? {
        try await fetch(s) { try await $0.fetchBool(forKey: $1, isSecret: s.isSecret) }
    }

    func int(_ s: Setting, in range: ClosedRange<Int>) async throws(ServerConfiguration.Error) -> Int? {
        guard let v = try await fetch(s, { try await $0.fetchInt(forKey: $1, isSecret: s.isSecret) }) else { return nil }
        guard range.contains(v) else { throw invalid(s, "\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }

    func double(_ s: Setting, in range: ClosedRange<Double>) async throws(ServerConfiguration.Error) -> Double? {
        guard let v = try await fetch(s, { try await $0.fetchDouble(forKey: $1, isSecret: s.isSecret) }) else { return nil }
        guard range.contains(v) else { throw invalid(s, "\(v) is outside \(range.lowerBound)...\(range.upperBound)") }
        return v
    }
}

extension Setting.Kind {
    var noun: String {
        switch self {
        case .string: "a string"
        case .int: "an integer"
        case .double: "a number"
        case .bool: "true or false"
        case .strings: "a list of strings"
        }
    }
}
