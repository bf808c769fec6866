public import InferenceTypes

/// Resolves the model name a client sent (an id or an alias) to a served model.
///
/// Sources, in order: a served model's id, its own aliases (`ModelDescriptor.aliases`), then configured aliases,
/// which may point at a model id or at another alias. The Grok persona names alias the default model unless the
/// configuration maps them elsewhere.
public struct ModelRegistry: Sendable {
    /// The served models, with configured aliases merged into their `aliases`.
    public let models: [ModelDescriptor]
    private let table: [String: Int]

    /// Builds the table from the served models and the configured aliases.
    public init(served: [ModelDescriptor], configuration: ServerConfiguration) {
        var models = served
        var table: [String: Int] = [:]
        for (i, m) in models.enumerated() {
            table[m.id] = i
            for a in m.aliases where table[a] == nil { table[a] = i }
        }
        let defaultIndex = configuration.defaultModel.flatMap { table[$0] } ?? (models.isEmpty ? nil : 0)
        var extra: [String: String] = configuration.aliases
        if let d = defaultIndex {
            for name in ServerConfiguration.defaultAliases where extra[name] == nil { extra[name] = models[d].id }
        }
        // Resolve chains (alias → alias → id) with a bound so a cycle cannot loop.
        for name in extra.keys.sorted() where table[name] == nil {
            var target = name
            var hops = 0
            while let next = extra[target], table[next] == nil, hops < 8 {
                target = next
                hops += 1
            }
            if let next = extra[target], let i = table[next] {
                table[name] = i
                if !models[i].aliases.contains(name) { models[i].aliases.append(name) }
            }
        }
        self.models = models
        self.table = table
    }

    /// The served model for a requested name, or nil.
    public func resolve(_ name: String) -> ModelDescriptor? {
        table[name].map { models[$0] }
    }
}
