// The tables, written once for both backends: the DDL below is plain SQL that SQLite and PostgreSQL read alike
// (SQLite maps BIGINT, DOUBLE PRECISION and BOOLEAN to its own storage classes), so the two stores cannot drift.
import Foundation

/// The schema's versioned migrations, applied in order by ``SQLiteStore/migrate()`` and ``PostgresStore/migrate()``.
///
/// A migration, once released, never changes: a later change to the schema is a new version appended to the list.
/// Every time is Unix milliseconds (`BIGINT`) and every amount of money is in ticks (`BIGINT`).
enum Schema {
    /// One step of the schema: a version name and the statements that take the previous version to it.
    struct Migration: Sendable {
        var version: String
        var statements: [String]
    }

    static let migrations: [Migration] = [
        Migration(
            version: "v1",
            statements: [
                """
                CREATE TABLE api_keys (
                    id TEXT NOT NULL PRIMARY KEY,
                    name TEXT NOT NULL,
                    prefix TEXT NOT NULL,
                    digest TEXT NOT NULL UNIQUE,
                    models TEXT,
                    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
                    rpm BIGINT,
                    tpm BIGINT,
                    credit_ticks BIGINT,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT,
                    revoked_at BIGINT
                )
                """,
                """
                CREATE TABLE reservations (
                    id TEXT NOT NULL PRIMARY KEY,
                    key_id TEXT NOT NULL,
                    ticks BIGINT NOT NULL,
                    instance TEXT NOT NULL,
                    created_at BIGINT NOT NULL,
                    expires_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX reservations_key ON reservations (key_id, expires_at)",
                "CREATE INDEX reservations_instance ON reservations (instance)",
                """
                CREATE TABLE rate_buckets (
                    key_id TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('requests', 'tokens')),
                    level DOUBLE PRECISION NOT NULL,
                    updated_at BIGINT NOT NULL,
                    PRIMARY KEY (key_id, kind)
                )
                """,
                """
                CREATE TABLE ledger (
                    id TEXT NOT NULL PRIMARY KEY,
                    key_id TEXT,
                    model TEXT NOT NULL,
                    route TEXT NOT NULL,
                    prompt_tokens BIGINT NOT NULL,
                    cached_tokens BIGINT NOT NULL,
                    completion_tokens BIGINT NOT NULL,
                    reasoning_tokens BIGINT NOT NULL,
                    cost_ticks BIGINT NOT NULL,
                    status TEXT NOT NULL,
                    finish_reason TEXT,
                    ttft_ms BIGINT,
                    duration_ms BIGINT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX ledger_key_created ON ledger (key_id, created_at)",
                "CREATE INDEX ledger_created ON ledger (created_at)",
            ]),
        Migration(
            version: "v2",
            statements: [
                """
                CREATE TABLE responses (
                    id TEXT NOT NULL PRIMARY KEY,
                    key_id TEXT,
                    model TEXT NOT NULL,
                    status TEXT NOT NULL,
                    previous_response_id TEXT,
                    input_items TEXT NOT NULL,
                    output_items TEXT NOT NULL,
                    response TEXT NOT NULL,
                    created_at BIGINT NOT NULL
                )
                """,
                "CREATE INDEX responses_key_created ON responses (key_id, created_at)",
            ]),
        Migration(
            version: "v3",
            statements: [
                "CREATE TABLE shared_settings (name TEXT NOT NULL PRIMARY KEY, value TEXT NOT NULL)",
            ]),
    ]

    /// The column list every key query selects, in the order the backends decode it.
    static let keyColumns =
        "id, name, prefix, digest, models, is_admin, rpm, tpm, credit_ticks, created_at, expires_at, revoked_at"

    /// The column list every ledger query selects, in the order the backends decode it.
    static let ledgerColumns = """
        id, key_id, model, route, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, cost_ticks, \
        status, finish_reason, ttft_ms, duration_ms, created_at
        """

    /// The column list every stored-response query selects, in the order the backends decode it.
    static let responseColumns =
        "id, key_id, model, status, previous_response_id, input_items, output_items, response, created_at"

    /// A key's model list as stored: a JSON array of strings, or NULL for every model.
    static func encodeModels(_ models: [String]?) throws(StoreError) -> String? {
        guard let models else { return nil }
        do {
            let data = try JSONEncoder().encode(models)
            guard let text = String(data: data, encoding: .utf8) else { throw StoreError("not UTF-8") }
            return text
        } catch {
            throw StoreError("Could not encode a key's model list as JSON: \(error)")
        }
    }

    /// The inverse of ``encodeModels(_:)``.
    static func decodeModels(_ text: String?, keyID: String) throws(StoreError) -> [String]? {
        guard let text else { return nil }
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw StoreError("The model list of key \(keyID) is not a JSON array of strings")
        }
    }
}
