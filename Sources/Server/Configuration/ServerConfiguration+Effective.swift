import Foundation
import Inference
public import InferenceTypes

extension ServerConfiguration {
    /// What `swiftlet config` prints: every setting under its config-file key with its effective value (secrets as
    /// `<redacted>`, a database URL with its password masked), the aliases and prices in force, and where each
    /// setting came from.
    public func effective(sources: ConfigSources) -> JSONValue {
        let redacted = JSONValue.string("<redacted>")
        func optional(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func optional(_ v: Int?) -> JSONValue { v.map { .int(Int64($0)) } ?? .null }
        func optional(_ v: Double?) -> JSONValue { v.map(JSONValue.double) ?? .null }
        func seconds(_ d: Duration) -> JSONValue {
            let (s, atto) = d.components
            return .double(Double(s) + Double(atto) / 1e18)
        }
        let values: [(Setting, JSONValue)] = [
            (.host, .string(host)), (.port, .int(Int64(port))), (.models, .array(models.map(JSONValue.string))),
            (.apiKeys, .array(apiKeys.map { _ in redacted })), (.apiKeyFile, optional(apiKeyFile)),
            (.maxBodyBytes, .int(Int64(maxBodyBytes))), (.keepAliveSeconds, seconds(keepAliveInterval)),
            (.defaultModel, optional(defaultModel)),
            (.reasoningInCompletionTokens, .bool(reasoningInCompletionTokens)),
            (.emitReasoningAlias, .bool(emitReasoningAlias)), (.systemFingerprint, .string(systemFingerprint)),
            (.thinkingSecret, thinkingSecret == nil ? .null : redacted), (.thinkingPrompt, optional(thinkingPrompt)),
            (.temperature, optional(sampling.temperature)), (.topK, optional(sampling.topK)),
            (.topP, optional(sampling.topP)), (.minP, optional(sampling.minP)),
            (.repetitionPenalty, optional(sampling.repetitionPenalty)),
            (.dryMultiplier, optional(sampling.repetitionGuard?.multiplier)), (.defaultMaxTokens, optional(defaultMaxTokens)),
            (.database, optional(databaseURL.map(Self.maskingPassword))), (.freeTierCredits, .double(freeTierCredits)),
            (.instanceID, optional(instanceID)), (.metricsKey, metricsKey == nil ? .null : redacted),
            (.slots, .int(Int64(slots))), (.context, optional(contextLength)), (.threads, optional(threads)),
            (.promptCache, .bool(promptCache)), (.logLevel, .string(logLevel)), (.logFormat, .string(logFormat)),
            (.shutdownGraceSeconds, seconds(shutdownGrace)), (.requestReadTimeoutSeconds, seconds(requestReadTimeout)),
            (.idleTimeoutSeconds, seconds(idleTimeout)), (.maxConnections, .int(Int64(maxConnections))),
            (.publicURL, optional(publicURL)),
        ]
        var settings: [(String, JSONValue)] = []
        var origins: [(String, JSONValue)] = []
        for (setting, value) in values {
            settings.append((setting.name, value))
            origins.append((setting.name, .string(sources.source(of: setting))))
        }
        let aliasList: [(String, JSONValue)] = aliases.map { alias in
            (alias.name, .makeObject([("model", optional(alias.target)), ("alwaysReasons", .bool(alias.alwaysReasons))]))
        }
        let priceList: [(String, JSONValue)] = prices.sorted { $0.key < $1.key }.map { name, p in
            (name, .makeObject([("input", .double(p.inputPerMillion)), ("cachedInput", .double(p.cachedInputPerMillion)),
                ("output", .double(p.outputPerMillion))]))
        }
        settings.append(("aliases", .makeObject(aliasList)))
        settings.append(("prices", .makeObject(priceList)))
        return .makeObject([("settings", .makeObject(settings)), ("sources", .makeObject(origins))])
    }

    /// `postgres://user:secret@host/db` → `postgres://user:***@host/db`; anything else unchanged.
    static func maskingPassword(_ url: String) -> String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].lastIndex(of: "@") else { return url }
        let userInfo = url[scheme.upperBound..<at]
        guard let colon = userInfo.firstIndex(of: ":") else { return url }
        return String(url[..<url.index(after: colon)]) + "***" + String(url[at...])
    }
}
