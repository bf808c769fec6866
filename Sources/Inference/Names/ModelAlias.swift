/// Another name for a served model, with the product rules that come with the name.
///
/// Aliases are configuration data (`aliases` in the server's config file); `ModelAlias.grokPersona` is the built-in
/// set: the names hosted Grok 3 Mini pages use, pointing at the default model and always reasoning, as grok-3-mini
/// does.
public struct ModelAlias: Sendable, Hashable {
    /// The name clients send (matched without regard to case).
    public var name: String
    /// A served model id or another alias; nil = the server's default model.
    public var target: String?
    /// Requests through this name reason unless they turn reasoning off explicitly.
    public var alwaysReasons: Bool

    /// An alias of `target` (nil = the default model).
    public init(_ name: String, to target: String? = nil, alwaysReasons: Bool = false) {
        self.name = name
        self.target = target
        self.alwaysReasons = alwaysReasons
    }

    /// The Grok 3 Mini persona: its names as the hosted APIs spell them, on the default model, always reasoning.
    public static let grokPersona: [ModelAlias] = [
        "grok-3-mini", "grok-3-mini-beta", "grok-3-mini-latest", "x-ai/grok-3-mini-beta", "x-ai-grok-3-mini",
    ].map { ModelAlias($0, alwaysReasons: true) }
}

extension [ModelAlias] {
    /// Sets `name` to point at `target`, replacing an alias of the same name (case-insensitive). A replaced alias
    /// keeps its reasoning rule unless `alwaysReasons` is given.
    public mutating func set(_ name: String, to target: String?, alwaysReasons: Bool? = nil) {
        let key = name.lowercased()
        if let i = firstIndex(where: { $0.name.lowercased() == key }) {
            self[i].name = name
            self[i].target = target
            if let alwaysReasons { self[i].alwaysReasons = alwaysReasons }
        } else {
            append(ModelAlias(name, to: target, alwaysReasons: alwaysReasons ?? false))
        }
    }
}
