public import InferenceTypes

/// Resolves the model name a client sent (an id or an alias, in any case) to a served model. Built once from the
/// served models and the configured aliases; every caller (the HTTP routes, the CLI's chat) resolves through it.
///
/// Order: a served model's id, its own aliases (`ModelDescriptor.aliases`), then configured aliases, which may point
/// at an id, at another alias (chains are followed, with a bound so a cycle resolves to nothing), or at the default
/// model.
public struct ModelResolver: Sendable {
    /// What a name resolves to.
    public struct Resolution: Sendable, Hashable {
        /// The served model.
        public var model: ModelDescriptor
        /// Some alias on the way asks for reasoning by default (`ModelAlias.alwaysReasons`).
        public var alwaysReasons: Bool

        /// Points `chat` at the model's id and applies the alias's rules: reasoning is turned on unless the request
        /// decided it.
        public func apply(to chat: inout ChatRequest) {
            chat.model = model.id
            if alwaysReasons, chat.reasoning.enabled == nil { chat.reasoning.enabled = true }
        }
    }

    /// The served models, with the aliases that reach each one listed in `aliases`.
    public let models: [ModelDescriptor]
    /// Lower-cased name → (index in `models`, always reasons).
    private let table: [String: (index: Int, alwaysReasons: Bool)]

    /// The resolver for `served` models and `aliases`; `defaultModel` (an id or alias; nil = the first model) is
    /// where aliases without a target go.
    public init(served: [ModelDescriptor], aliases: [ModelAlias], defaultModel: String? = nil) {
        var models = served
        var table: [String: (index: Int, alwaysReasons: Bool)] = [:]
        for (i, m) in models.enumerated() { table[m.id.lowercased()] = (i, false) }
        for (i, m) in models.enumerated() {
            for a in m.aliases where table[a.lowercased()] == nil { table[a.lowercased()] = (i, false) }
        }
        let configured = Dictionary(aliases.map { ($0.name.lowercased(), $0) }) { _, last in last }
        let defaultIndex = defaultModel.flatMap { table[$0.lowercased()]?.index } ?? (models.isEmpty ? nil : 0)
        for alias in aliases {
            let key = alias.name.lowercased()
            guard table[key] == nil else { continue }
            var reasons = alias.alwaysReasons
            var current = alias
            var found: Int?
            for _ in 0..<8 {
                guard let target = current.target else {
                    found = defaultIndex
                    break
                }
                if let hit = table[target.lowercased()] {
                    found = hit.index
                    reasons = reasons || hit.alwaysReasons
                    break
                }
                guard let next = configured[target.lowercased()] else { break }
                reasons = reasons || next.alwaysReasons
                current = next
            }
            guard let index = found else { continue }
            table[key] = (index, reasons)
            if !models[index].aliases.contains(alias.name) { models[index].aliases.append(alias.name) }
        }
        self.models = models
        self.table = table
    }

    /// The served model for a requested name, or nil.
    public func resolve(_ name: String) -> Resolution? {
        table[name.lowercased()].map { Resolution(model: models[$0.index], alwaysReasons: $0.alwaysReasons) }
    }
}
