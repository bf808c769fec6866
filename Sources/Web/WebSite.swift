public import InferenceTypes

/// One name a client can send as `model`: a served model's id or an alias of it, with what that name costs.
public struct WebModel: Sendable, Hashable {
    /// The name as clients send it (`smollm2-135m-instruct`, `grok-3-mini`, `x-ai/grok-3-mini-beta`).
    public var name: String
    /// The served model behind the name.
    public var model: ModelDescriptor
    /// Requests through this name reason unless they turn reasoning off.
    public var alwaysReasons: Bool
    /// Per-million-token prices for this name; nil = free.
    public var pricing: TokenPricing?

    /// A name for `model`.
    public init(name: String, model: ModelDescriptor, alwaysReasons: Bool = false, pricing: TokenPricing? = nil) {
        self.name = name
        self.model = model
        self.alwaysReasons = alwaysReasons
        self.pricing = pricing
    }

    /// Whether the name is an alias rather than the served model's own id.
    public var isAlias: Bool { name != model.id }

    /// The model's context window in tokens.
    public var contextLength: Int { model.contextLength }

    /// Path of the name's page, each segment percent-encoded (ids may contain `/`).
    public var pagePath: String { "/models/" + WebModel.encodePath(name) }

    /// `name` with every byte outside RFC 3986's unreserved set and `/` percent-encoded.
    public static func encodePath(_ name: String) -> String {
        var out = ""
        for byte in name.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"), UInt8(ascii: "/"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                out += "%"
                out.unicodeScalars.append(hex[Int(byte >> 4)])
                out.unicodeScalars.append(hex[Int(byte & 15)])
            }
        }
        return out
    }
}

/// What every page of one server shows: where it is reached and which names it serves.
public struct WebSite: Sendable {
    /// The address clients use, without a trailing slash (`http://127.0.0.1:8080`).
    public var baseURL: String
    /// Every name the server answers to: each served model's id, then its aliases.
    public var models: [WebModel]
    /// The name the playground starts with.
    public var defaultModel: String
    /// Whether requests need an API key (false = the server is open); nil = unknown.
    public var keysRequired: Bool?

    /// A site at `baseURL` (a trailing slash is dropped).
    public init(baseURL: String, models: [WebModel], defaultModel: String? = nil, keysRequired: Bool? = nil) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.models = models
        self.defaultModel = defaultModel ?? models.first?.name ?? ""
        self.keysRequired = keysRequired
    }

    /// The entry for a name (exact match first, then without regard to case, as the API resolves names).
    public func model(named name: String) -> WebModel? {
        models.first { $0.name == name } ?? models.first { $0.name.lowercased() == name.lowercased() }
    }

    /// The served models' own entries (no aliases).
    public var servedModels: [WebModel] { models.filter { !$0.isAlias } }

    /// The aliases of `model`, in the order they are listed.
    public func aliases(of model: WebModel) -> [WebModel] {
        models.filter { $0.isAlias && $0.model.id == model.model.id }
    }
}
