// PostgresStore's admission, settlement and ledger. Every change to a key's balance or buckets first locks the key's
// row (`FOR UPDATE`), so two server processes on one database serialise their decisions about one key, and always in
// the same order (key, then buckets), so they cannot deadlock.
import PostgresNIO

extension PostgresStore {
    // MARK: Admission and settlement

    public func admit(_ admission: Admission) async throws(StoreError) -> AdmissionDecision {
        let keyID = admission.keyID
        return try await transaction("Could not admit a request for key \(keyID)") { db in
            guard
                let key = try await db.query(
                    "SELECT credit_ticks FROM api_keys WHERE id = \(keyID) FOR UPDATE", logger: self.logger
                ).collect().first
            else { return .unknownKey }
            let creditTicks = try key.decode(Int64?.self)
            let reserved = creditTicks == nil ? 0 : try await self.reservedTicks(db, keyID: keyID, now: admission.now)
            let requests = admission.rpm == nil ? nil : try await self.bucket(db, keyID: keyID, kind: .requests)
            let tokens = admission.tpm == nil ? nil : try await self.bucket(db, keyID: keyID, kind: .tokens)
            let plan = AdmissionRules.decide(
                admission, creditTicks: creditTicks, reservedTicks: reserved, requests: requests, tokens: tokens)
            if let bucket = plan.requests { try await self.save(db, keyID: keyID, kind: .requests, bucket.stored) }
            if let bucket = plan.tokens { try await self.save(db, keyID: keyID, kind: .tokens, bucket.stored) }
            if plan.reserve {
                try await db.query(
                    """
                    INSERT INTO reservations (id, key_id, ticks, instance, created_at, expires_at)
                    VALUES (\(admission.reservationID), \(keyID), \(admission.reserveTicks), \(admission.instance),
                        \(admission.now), \(admission.expiresAt))
                    """, logger: self.logger)
            }
            return plan.decision
        }
    }

    public func settle(reservationID: String?, entry: LedgerEntry, refundTokens: Int) async throws(StoreError) {
        try await transaction("Could not settle \(entry.id)") { db in
            // The key first, as in admit, so lock order never inverts.
            var tpm: Int?
            if let keyID = entry.keyID {
                tpm =
                    try await db.query("SELECT tpm FROM api_keys WHERE id = \(keyID) FOR UPDATE", logger: self.logger)
                    .collect().first?.decode(Int?.self) ?? nil
            }
            if let reservationID {
                try await db.query("DELETE FROM reservations WHERE id = \(reservationID)", logger: self.logger)
            }
            let inserted = try await db.query(
                """
                INSERT INTO ledger (\(unescaped: Schema.ledgerColumns)) VALUES (\(entry.id), \(entry.keyID),
                    \(entry.model), \(entry.route), \(entry.promptTokens), \(entry.cachedTokens),
                    \(entry.completionTokens), \(entry.reasoningTokens), \(entry.costTicks), \(entry.status),
                    \(entry.finishReason), \(entry.ttftMs), \(entry.durationMs), \(entry.createdAt))
                ON CONFLICT (id) DO NOTHING RETURNING id
                """, logger: self.logger
            ).collect()
            // Already settled: the first settlement charged and refunded.
            guard !inserted.isEmpty, let keyID = entry.keyID else { return }
            try await db.query(
                """
                UPDATE api_keys SET credit_ticks = credit_ticks - \(entry.costTicks)
                WHERE id = \(keyID) AND credit_ticks IS NOT NULL
                """, logger: self.logger)
            guard refundTokens > 0, let tpm, let stored = try await self.bucket(db, keyID: keyID, kind: .tokens)
            else { return }
            try await self.save(
                db, keyID: keyID, kind: .tokens, TokenBucket.refunded(stored, limit: tpm, amount: refundTokens))
        }
    }

    public func release(reservationID: String) async throws(StoreError) {
        try await connection("Could not release reservation \(reservationID)") { db in
            _ = try await db.query("DELETE FROM reservations WHERE id = \(reservationID)", logger: self.logger)
        }
    }

    public func releaseReservations(instance: String, now: Int64) async throws(StoreError) {
        try await connection("Could not release the reservations of instance \(instance)") { db in
            _ = try await db.query(
                "DELETE FROM reservations WHERE instance = \(instance) OR expires_at <= \(now)", logger: self.logger)
        }
    }

    public func availableCredit(keyID: String, now: Int64) async throws(StoreError) -> Int64? {
        try await connection("Could not read the credit of key \(keyID)") { db -> Int64? in
            let row = try await db.query(
                """
                SELECT credit_ticks - (SELECT COALESCE(SUM(ticks), 0)::BIGINT FROM reservations
                    WHERE key_id = \(keyID) AND expires_at > \(now))
                FROM api_keys WHERE id = \(keyID)
                """, logger: self.logger
            ).collect().first
            return try row?.decode(Int64?.self) ?? nil
        }
    }

    // MARK: Ledger

    public func usage(keyID: String?, since: Int64?, limit: Int) async throws(StoreError) -> [LedgerEntry] {
        guard limit > 0 else { return [] }
        var query = Self.ledgerQuery("SELECT \(Schema.ledgerColumns) FROM ledger", keyID: keyID, since: since)
        query.sql += " ORDER BY created_at DESC, id DESC LIMIT \(limit)"
        return try await connection("Could not read the ledger") { db in
            try await db.query(query, logger: self.logger).collect().map(Self.ledgerEntry)
        }
    }

    public func entry(id: String) async throws(StoreError) -> LedgerEntry? {
        try await connection("Could not read ledger row \(id)") { db in
            try await db.query(
                "SELECT \(unescaped: Schema.ledgerColumns) FROM ledger WHERE id = \(id)", logger: self.logger
            )
            .collect().first.map(Self.ledgerEntry)
        }
    }

    public func usageTotals(keyID: String?, since: Int64?) async throws(StoreError) -> UsageTotalsRecord {
        let query = Self.ledgerQuery(
            """
            SELECT COUNT(*), COALESCE(SUM(prompt_tokens), 0)::BIGINT, COALESCE(SUM(completion_tokens), 0)::BIGINT,
                COALESCE(SUM(reasoning_tokens), 0)::BIGINT, COALESCE(SUM(cost_ticks), 0)::BIGINT
            FROM ledger
            """, keyID: keyID, since: since)
        return try await connection("Could not total the ledger") { db in
            guard let row = try await db.query(query, logger: self.logger).collect().first else {
                return UsageTotalsRecord()
            }
            let (requests, prompt, completion, reasoning, cost) = try row.decode((Int, Int, Int, Int, Int64).self)
            return UsageTotalsRecord(
                requests: requests, promptTokens: prompt, completionTokens: completion, reasoningTokens: reasoning,
                costTicks: cost)
        }
    }

    // MARK: Helpers

    /// The sum of a key's reservations that have not expired at `now`.
    func reservedTicks(_ db: PostgresConnection, keyID: String, now: Int64) async throws -> Int64 {
        try await db.query(
            """
            SELECT COALESCE(SUM(ticks), 0)::BIGINT FROM reservations WHERE key_id = \(keyID) AND expires_at > \(now)
            """, logger: logger
        ).collect().first?.decode(Int64.self) ?? 0
    }

    /// A bucket's row, locked until the transaction ends.
    func bucket(_ db: PostgresConnection, keyID: String, kind: RateKind) async throws -> StoredBucket? {
        guard
            let row = try await db.query(
                """
                SELECT level, updated_at FROM rate_buckets WHERE key_id = \(keyID) AND kind = \(kind.rawValue)
                FOR UPDATE
                """, logger: logger
            ).collect().first
        else { return nil }
        let (level, updatedAt) = try row.decode((Double, Int64).self)
        return StoredBucket(level: level, updatedAt: updatedAt)
    }

    func save(_ db: PostgresConnection, keyID: String, kind: RateKind, _ bucket: StoredBucket) async throws {
        try await db.query(
            """
            INSERT INTO rate_buckets (key_id, kind, level, updated_at)
            VALUES (\(keyID), \(kind.rawValue), \(bucket.level), \(bucket.updatedAt))
            ON CONFLICT (key_id, kind) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at
            """, logger: logger)
    }

    /// `select` followed by `WHERE …` for the ledger's key and start-time filters, with their bound values.
    static func ledgerQuery(_ select: String, keyID: String?, since: Int64?) -> PostgresQuery {
        var binds = PostgresBindings()
        var conditions: [String] = []
        if let keyID {
            binds.append(keyID)
            conditions.append("key_id = $\(binds.count)")
        }
        if let since {
            binds.append(since)
            conditions.append("created_at >= $\(binds.count)")
        }
        let filter = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return PostgresQuery(unsafeSQL: select + filter, binds: binds)
    }

    static func ledgerEntry(_ row: PostgresRow) throws -> LedgerEntry {
        let (
            id, keyID, model, route, prompt, cached, completion, reasoning, cost, status, finish, ttft, duration,
            created
        ) =
            try row.decode(
                (String, String?, String, String, Int, Int, Int, Int, Int64, String, String?, Int?, Int, Int64).self)
        return LedgerEntry(
            id: id, keyID: keyID, model: model, route: route, promptTokens: prompt, cachedTokens: cached,
            completionTokens: completion, reasoningTokens: reasoning, costTicks: cost, status: status,
            finishReason: finish, ttftMs: ttft, durationMs: duration, createdAt: created)
    }
}
