/// One API key as stored: never its secret, only a SHA-256 digest and a short prefix for people to recognise it.
public struct APIKeyRecord: Sendable, Hashable, Codable {
    /// `key_…`, stable, shown in lists and used by `keys revoke` and the admin API.
    public var id: String
    /// A label chosen by whoever created the key.
    public var name: String
    /// The first characters of the secret (`sk-swl-ab12`), safe to show.
    public var prefix: String
    /// Hex SHA-256 of the whole secret.
    public var digest: String
    /// Model names (ids or aliases) the key may use; nil = every model.
    public var models: [String]?
    /// May call the admin API.
    public var isAdmin: Bool
    /// Requests per minute; nil = unlimited.
    public var rpm: Int?
    /// Tokens per minute (prompt + output); nil = unlimited.
    public var tpm: Int?
    /// Remaining balance in ticks (1e-10 USD); nil = no balance kept (unmetered credit, still billed in the ledger).
    public var creditTicks: Int64?
    /// Unix milliseconds.
    public var createdAt: Int64
    /// When the key stops working (Unix milliseconds); nil = never.
    public var expiresAt: Int64?
    /// When the key was revoked (Unix milliseconds); nil = it was not.
    public var revokedAt: Int64?

    /// A key record; every limit defaults to none.
    public init(
        id: String, name: String, prefix: String, digest: String, models: [String]? = nil, isAdmin: Bool = false,
        rpm: Int? = nil, tpm: Int? = nil, creditTicks: Int64? = nil, createdAt: Int64, expiresAt: Int64? = nil,
        revokedAt: Int64? = nil
    ) {
        self.id = id
        self.name = name
        self.prefix = prefix
        self.digest = digest
        self.models = models
        self.isAdmin = isAdmin
        self.rpm = rpm
        self.tpm = tpm
        self.creditTicks = creditTicks
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
    }
}

/// One request in the usage ledger. Its id is the response's own id, so any answer's bill can be found.
public struct LedgerEntry: Sendable, Hashable, Codable {
    /// The response id (`chatcmpl-…`, `cmpl-…`, `msg_…`).
    public var id: String
    /// The key's id; nil for static keys and open servers.
    public var keyID: String?
    /// The model name the client asked for (an alias stays an alias: it is what was priced).
    public var model: String
    /// E.g. `/v1/chat/completions`.
    public var route: String
    /// Prompt tokens, including the cached ones.
    public var promptTokens: Int
    /// Prompt tokens served from the prefix cache.
    public var cachedTokens: Int
    /// Generated tokens, including the reasoning ones.
    public var completionTokens: Int
    /// Generated tokens spent on reasoning.
    public var reasoningTokens: Int
    /// What the request cost, in ticks (1e-10 USD).
    public var costTicks: Int64
    /// `completed`, `cancelled` (client went away: billed for what was generated) or `failed`.
    public var status: String
    public var finishReason: String?
    /// Time to first token, milliseconds (nil when no token came).
    public var ttftMs: Int?
    public var durationMs: Int
    /// Unix milliseconds when the request arrived.
    public var createdAt: Int64

    /// A ledger row.
    public init(
        id: String, keyID: String?, model: String, route: String, promptTokens: Int, cachedTokens: Int,
        completionTokens: Int, reasoningTokens: Int, costTicks: Int64, status: String, finishReason: String?,
        ttftMs: Int?, durationMs: Int, createdAt: Int64
    ) {
        self.id = id
        self.keyID = keyID
        self.model = model
        self.route = route
        self.promptTokens = promptTokens
        self.cachedTokens = cachedTokens
        self.completionTokens = completionTokens
        self.reasoningTokens = reasoningTokens
        self.costTicks = costTicks
        self.status = status
        self.finishReason = finishReason
        self.ttftMs = ttftMs
        self.durationMs = durationMs
        self.createdAt = createdAt
    }
}

/// Sums over ledger rows.
public struct UsageTotalsRecord: Sendable, Hashable, Codable {
    /// The number of rows.
    public var requests: Int
    public var promptTokens: Int
    public var completionTokens: Int
    public var reasoningTokens: Int
    /// Ticks (1e-10 USD).
    public var costTicks: Int64

    /// Totals, zero by default.
    public init(requests: Int = 0, promptTokens: Int = 0, completionTokens: Int = 0, reasoningTokens: Int = 0, costTicks: Int64 = 0) {
        self.requests = requests
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.reasoningTokens = reasoningTokens
        self.costTicks = costTicks
    }
}
