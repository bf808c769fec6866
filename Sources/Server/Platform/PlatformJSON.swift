public import InferenceTypes
public import Storage

/// The JSON shapes of keys, ledger rows and totals, shared by the admin API, `/v1/me` and the CLI's `--json`.
/// Money appears twice: exact ticks (1e-10 USD) and dollars for people.
public enum PlatformJSON {
    /// A key (never its secret). `available` is the balance minus live reservations, when known.
    public static func key(_ k: APIKeyRecord, available: Int64? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("id", .string(k.id)), ("object", "api_key"), ("name", .string(k.name)), ("prefix", .string(k.prefix)),
            ("models", k.models.map { .array($0.map { .string($0) }) } ?? .null),
            ("admin", .bool(k.isAdmin)),
            ("rpm", k.rpm.map { .int(Int64($0)) } ?? .null), ("tpm", k.tpm.map { .int(Int64($0)) } ?? .null),
            ("credit_ticks", k.creditTicks.map { .int($0) } ?? .null),
            ("credit_usd", k.creditTicks.map { .double(Money.usd(ticks: $0)) } ?? .null),
        ]
        if let available {
            fields.append(("available_ticks", .int(available)))
            fields.append(("available_usd", .double(Money.usd(ticks: available))))
        }
        fields += [
            ("created_at", .int(k.createdAt / 1000)), ("expires_at", k.expiresAt.map { .int($0 / 1000) } ?? .null),
            ("revoked_at", k.revokedAt.map { .int($0 / 1000) } ?? .null),
            ("status", .string(status(k))),
        ]
        return .makeObject(fields)
    }

    /// `active`, `revoked` or `expired`.
    public static func status(_ k: APIKeyRecord, now: Int64 = UnixTime.milliseconds()) -> String {
        if k.revokedAt != nil { return "revoked" }
        if let e = k.expiresAt, e <= now { return "expired" }
        return "active"
    }

    /// One ledger row.
    public static func entry(_ e: LedgerEntry) -> JSONValue {
        .makeObject([
            ("id", .string(e.id)), ("object", "usage_record"), ("key_id", e.keyID.map { .string($0) } ?? .null),
            ("model", .string(e.model)), ("route", .string(e.route)),
            ("prompt_tokens", .int(Int64(e.promptTokens))), ("cached_tokens", .int(Int64(e.cachedTokens))),
            ("completion_tokens", .int(Int64(e.completionTokens))), ("reasoning_tokens", .int(Int64(e.reasoningTokens))),
            ("cost_in_usd_ticks", .int(e.costTicks)), ("cost_usd", .double(Money.usd(ticks: e.costTicks))),
            ("status", .string(e.status)), ("finish_reason", e.finishReason.map { .string($0) } ?? .null),
            ("ttft_ms", e.ttftMs.map { .int(Int64($0)) } ?? .null), ("duration_ms", .int(Int64(e.durationMs))),
            ("created_at", .int(e.createdAt / 1000)), ("created_at_ms", .int(e.createdAt)),
        ])
    }

    /// Totals over ledger rows.
    public static func totals(_ t: UsageTotalsRecord) -> JSONValue {
        .makeObject([
            ("requests", .int(Int64(t.requests))), ("prompt_tokens", .int(Int64(t.promptTokens))),
            ("completion_tokens", .int(Int64(t.completionTokens))), ("reasoning_tokens", .int(Int64(t.reasoningTokens))),
            ("cost_in_usd_ticks", .int(t.costTicks)), ("cost_usd", .double(Money.usd(ticks: t.costTicks))),
        ])
    }

    /// A list body.
    public static func list(_ items: [JSONValue]) -> JSONValue {
        .makeObject([("object", "list"), ("data", .array(items))])
    }
}
