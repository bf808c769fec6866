// SQLiteStore's admission, settlement and ledger: each change is one IMMEDIATE transaction, so the reads that decide
// (balance, reservations, buckets) and the writes that follow cannot interleave with another writer's.
import GRDB

extension SQLiteStore {
    // MARK: Admission and settlement

    public func admit(_ admission: Admission) async throws(StoreError) -> AdmissionDecision {
        try await write("Could not admit a request for key \(admission.keyID)") { db in
            guard
                let key = try Row.fetchOne(
                    db, sql: "SELECT credit_ticks FROM api_keys WHERE id = ?", arguments: [admission.keyID])
            else { return .unknownKey }
            let creditTicks = try key.decode(Int64?.self, forColumn: "credit_ticks")
            let reserved =
                creditTicks == nil ? 0 : try Self.reservedTicks(db, keyID: admission.keyID, now: admission.now)
            let plan = AdmissionRules.decide(
                admission, creditTicks: creditTicks, reservedTicks: reserved,
                requests: admission.rpm == nil ? nil : try Self.bucket(db, keyID: admission.keyID, kind: .requests),
                tokens: admission.tpm == nil ? nil : try Self.bucket(db, keyID: admission.keyID, kind: .tokens))
            if let bucket = plan.requests { try Self.save(db, keyID: admission.keyID, kind: .requests, bucket.stored) }
            if let bucket = plan.tokens { try Self.save(db, keyID: admission.keyID, kind: .tokens, bucket.stored) }
            if plan.reserve {
                try db.execute(
                    sql: """
                        INSERT INTO reservations (id, key_id, ticks, instance, created_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        admission.reservationID, admission.keyID, admission.reserveTicks, admission.instance,
                        admission.now, admission.expiresAt,
                    ])
            }
            return plan.decision
        }
    }

    public func settle(reservationID: String?, entry: LedgerEntry, refundTokens: Int) async throws(StoreError) {
        try await write("Could not settle \(entry.id)") { db in
            if let reservationID {
                try db.execute(sql: "DELETE FROM reservations WHERE id = ?", arguments: [reservationID])
            }
            try db.execute(
                sql: """
                    INSERT INTO ledger (\(Schema.ledgerColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO NOTHING
                    """,
                arguments: [
                    entry.id, entry.keyID, entry.model, entry.route, entry.promptTokens, entry.cachedTokens,
                    entry.completionTokens, entry.reasoningTokens, entry.costTicks, entry.status, entry.finishReason,
                    entry.ttftMs, entry.durationMs, entry.createdAt,
                ])
            // Already settled: the first settlement charged and refunded.
            guard db.changesCount == 1, let keyID = entry.keyID else { return }
            try db.execute(
                sql: "UPDATE api_keys SET credit_ticks = credit_ticks - ? WHERE id = ? AND credit_ticks IS NOT NULL",
                arguments: [entry.costTicks, keyID])
            guard refundTokens > 0,
                let tpm = try Int.fetchOne(db, sql: "SELECT tpm FROM api_keys WHERE id = ?", arguments: [keyID]),
                let stored = try Self.bucket(db, keyID: keyID, kind: .tokens)
            else { return }
            try Self.save(
                db, keyID: keyID, kind: .tokens, TokenBucket.refunded(stored, limit: tpm, amount: refundTokens))
        }
    }

    public func release(reservationID: String) async throws(StoreError) {
        try await write("Could not release reservation \(reservationID)") { db in
            try db.execute(sql: "DELETE FROM reservations WHERE id = ?", arguments: [reservationID])
        }
    }

    public func releaseReservations(instance: String, now: Int64) async throws(StoreError) {
        try await write("Could not release the reservations of instance \(instance)") { db in
            try db.execute(
                sql: "DELETE FROM reservations WHERE instance = ? OR expires_at <= ?", arguments: [instance, now])
        }
    }

    public func availableCredit(keyID: String, now: Int64) async throws(StoreError) -> Int64? {
        try await read("Could not read the credit of key \(keyID)") { db -> Int64? in
            guard
                let credit = try Int64.fetchOne(
                    db, sql: "SELECT credit_ticks FROM api_keys WHERE id = ?", arguments: [keyID])
            else { return nil }
            return credit - (try Self.reservedTicks(db, keyID: keyID, now: now))
        }
    }

    // MARK: Ledger

    public func usage(keyID: String?, since: Int64?, limit: Int) async throws(StoreError) -> [LedgerEntry] {
        guard limit > 0 else { return [] }
        let (condition, arguments) = Self.ledgerFilter(keyID: keyID, since: since)
        return try await read("Could not read the ledger") { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Schema.ledgerColumns) FROM ledger \(condition)
                    ORDER BY created_at DESC, id DESC LIMIT \(limit)
                    """,
                arguments: arguments
            ).map(Self.ledgerEntry)
        }
    }

    public func entry(id: String) async throws(StoreError) -> LedgerEntry? {
        try await read("Could not read ledger row \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Schema.ledgerColumns) FROM ledger WHERE id = ?", arguments: [id])
                .map(Self.ledgerEntry)
        }
    }

    public func usageTotals(keyID: String?, since: Int64?) async throws(StoreError) -> UsageTotalsRecord {
        let (condition, arguments) = Self.ledgerFilter(keyID: keyID, since: since)
        return try await read("Could not total the ledger") { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) AS requests, COALESCE(SUM(prompt_tokens), 0) AS prompt,
                            COALESCE(SUM(completion_tokens), 0) AS completion,
                            COALESCE(SUM(reasoning_tokens), 0) AS reasoning, COALESCE(SUM(cost_ticks), 0) AS cost
                        FROM ledger \(condition)
                        """,
                    arguments: arguments)
            else { return UsageTotalsRecord() }
            return UsageTotalsRecord(
                requests: try row.decode(forColumn: "requests"), promptTokens: try row.decode(forColumn: "prompt"),
                completionTokens: try row.decode(forColumn: "completion"),
                reasoningTokens: try row.decode(forColumn: "reasoning"), costTicks: try row.decode(forColumn: "cost"))
        }
    }

    // MARK: Helpers

    /// The sum of a key's reservations that have not expired at `now`.
    static func reservedTicks(_ db: Database, keyID: String, now: Int64) throws -> Int64 {
        try Int64.fetchOne(
            db, sql: "SELECT COALESCE(SUM(ticks), 0) FROM reservations WHERE key_id = ? AND expires_at > ?",
            arguments: [keyID, now]) ?? 0
    }

    static func bucket(_ db: Database, keyID: String, kind: RateKind) throws -> StoredBucket? {
        guard
            let row = try Row.fetchOne(
                db, sql: "SELECT level, updated_at FROM rate_buckets WHERE key_id = ? AND kind = ?",
                arguments: [keyID, kind.rawValue])
        else { return nil }
        return StoredBucket(
            level: try row.decode(forColumn: "level"), updatedAt: try row.decode(forColumn: "updated_at"))
    }

    static func save(_ db: Database, keyID: String, kind: RateKind, _ bucket: StoredBucket) throws {
        try db.execute(
            sql: """
                INSERT INTO rate_buckets (key_id, kind, level, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (key_id, kind) DO UPDATE SET level = excluded.level, updated_at = excluded.updated_at
                """,
            arguments: [keyID, kind.rawValue, bucket.level, bucket.updatedAt])
    }

    /// `WHERE …` for the ledger's key and start-time filters, and its arguments.
    static func ledgerFilter(keyID: String?, since: Int64?) -> (String, StatementArguments) {
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let keyID {
            conditions.append("key_id = ?")
            arguments += [keyID]
        }
        if let since {
            conditions.append("created_at >= ?")
            arguments += [since]
        }
        return (conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND "), arguments)
    }

    static func ledgerEntry(_ row: Row) throws -> LedgerEntry {
        LedgerEntry(
            id: try row.decode(forColumn: "id"), keyID: try row.decode(forColumn: "key_id"),
            model: try row.decode(forColumn: "model"), route: try row.decode(forColumn: "route"),
            promptTokens: try row.decode(forColumn: "prompt_tokens"),
            cachedTokens: try row.decode(forColumn: "cached_tokens"),
            completionTokens: try row.decode(forColumn: "completion_tokens"),
            reasoningTokens: try row.decode(forColumn: "reasoning_tokens"),
            costTicks: try row.decode(forColumn: "cost_ticks"), status: try row.decode(forColumn: "status"),
            finishReason: try row.decode(forColumn: "finish_reason"), ttftMs: try row.decode(forColumn: "ttft_ms"),
            durationMs: try row.decode(forColumn: "duration_ms"), createdAt: try row.decode(forColumn: "created_at"))
    }
}
