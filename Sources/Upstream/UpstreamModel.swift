public import InferenceTypes

/// One upstream model: the name Swiftlet serves it under, where it runs and how to talk to it.
public struct UpstreamModel: Sendable, Hashable {
    /// The model id Swiftlet serves (in `/v1/models`, in requests, in the ledger).
    public var id: String
    /// The model's name at the upstream (`ID=URL#remote-model`; default: ``id``).
    public var remoteModel: String
    /// Base URLs, in the order given (`http://10.0.0.5:8000/v1`); several mean failover. A URL without a path gets
    /// `/v1`.
    public var urls: [String] = []
    /// The upstream's API key (sent as `Authorization: Bearer`, or `x-api-key` to Anthropic-compatible upstreams).
    public var apiKey: String?
    /// The wire format.
    public var api: UpstreamAPI = .openAI
    /// How long to wait for a connection, for the first event of a reply, and between events of a stream.
    public var timeouts = UpstreamTimeouts()
    /// Most attempts per request, over all URLs (nil: one per URL, and at least 2). Attempts are only made before the
    /// first byte went to the client.
    public var attempts: Int?
    /// When a URL's circuit opens and for how long.
    public var breaker = CircuitBreaker.Policy()
    /// Prices per million tokens (nil: a configured price or free, as for local models).
    public var pricing: TokenPricing?
    /// The context window reported in `/v1/models`.
    public var contextLength = 131_072
    /// The output cap sent with a request that sets none (so the upstream cannot outrun the credit reservation,
    /// which assumes it).
    public var defaultMaxTokens = 4096

    /// A model served as `id`, named `remoteModel` at the upstream.
    public init(id: String, remoteModel: String? = nil) {
        self.id = id
        self.remoteModel = remoteModel ?? id
    }

    /// How many attempts a request may make.
    public var attemptLimit: Int { max(1, attempts ?? max(2, urls.count)) }

    /// The model as `/v1/models` lists it.
    public func descriptor(created: Int) -> ModelDescriptor {
        ModelDescriptor(id: id, displayName: id, created: created, ownedBy: "upstream", contextLength: contextLength,
            capabilities: (api == .anthropic ? ["chat"] : ["chat", "completions"]) + ["tools", "json_schema", "reasoning", "upstream"],
            pricing: pricing)
    }
}

/// The per-upstream time limits.
public struct UpstreamTimeouts: Sendable, Hashable {
    /// Establishing a connection (one value for the shared connection pool: the smallest configured).
    public var connect: Duration = .seconds(5)
    /// From sending the request to the reply's first event (prefill and queueing at the upstream included).
    public var firstByte: Duration = .seconds(120)
    /// Between two reads of a streaming reply.
    public var idle: Duration = .seconds(60)

    /// The defaults: 5 s to connect, 120 s to the first event, 60 s between reads.
    public init() {}
}
