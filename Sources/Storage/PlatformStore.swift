/// The platform's persistent state: API keys, credit reservations, rate-limit buckets and the usage ledger.
///
/// Two implementations share one schema and one set of migrations: ``SQLiteStore`` (GRDB, the default, one file
/// under `$SWIFTLET_HOME`) and ``PostgresStore`` (postgres-nio, for several instances sharing one database). Every
/// method that changes balances or buckets is one database transaction, so concurrent requests, in one process or in
/// several, can neither overdraw a key nor exceed its limits.
///
/// Money is counted in ticks (1 tick = 1e-10 USD, xAI's unit) as `Int64`, so sums are exact.
///
/// - Important: implementations are safe to call from any task concurrently.
public protocol PlatformStore: Sendable {
    /// Creates or upgrades the schema (idempotent; migrations are versioned in code).
    func migrate() async throws(StoreError)

    // MARK: Keys

    /// Inserts a new key (its id and digest are unique).
    func insertKey(_ key: APIKeyRecord) async throws(StoreError)
    /// The key whose secret hashes to `digest` (hex SHA-256), revoked or not.
    func key(digest: String) async throws(StoreError) -> APIKeyRecord?
    /// The key with this id.
    func key(id: String) async throws(StoreError) -> APIKeyRecord?
    /// Every key, oldest first (ties by id).
    func keys() async throws(StoreError) -> [APIKeyRecord]
    /// Marks a key revoked at `at` (Unix milliseconds); false when no such key exists. A key already revoked keeps its
    /// first revocation time.
    func revokeKey(id: String, at: Int64) async throws(StoreError) -> Bool
    /// Adds `ticks` to a key's credit balance (a key without a balance gets one of `ticks`); nil when no such key.
    func topUp(id: String, ticks: Int64) async throws(StoreError) -> APIKeyRecord?

    // MARK: Admission and settlement

    /// In one transaction: takes one request and `admission.tokens` tokens from the key's buckets (when it has
    /// limits), then reserves `admission.reserveTicks` against its balance (when it has one). Nothing changes unless
    /// every check passes.
    ///
    /// The checks, in order: the requests bucket holds at least one request; `admission.tokens` is at most `tpm`
    /// (else ``AdmissionDecision/rateLimited(kind:retryAfterMs:requests:tokens:tooLarge:)`` with `tooLarge`); the
    /// tokens bucket holds `admission.tokens`; the balance minus live reservations is positive and at least
    /// `reserveTicks` (so a key at or below zero is refused even for a free request). The limits are the admission's
    /// `rpm` and `tpm`; the key's revocation and expiry are the caller's to check.
    func admit(_ admission: Admission) async throws(StoreError) -> AdmissionDecision
    /// In one transaction: deletes the reservation (if any), inserts the ledger row, subtracts its cost from the
    /// key's balance (when it has one), and gives back `refundTokens` to the key's token bucket (the part of the
    /// admitted estimate that was not used). Settling a reservation that no longer exists still records the row.
    func settle(reservationID: String?, entry: LedgerEntry, refundTokens: Int) async throws(StoreError)
    /// Drops a reservation without billing anything (a request that failed before producing tokens); unknown ids are
    /// ignored.
    func release(reservationID: String) async throws(StoreError)
    /// Drops every reservation this instance made (at start-up, after a crash) and every expired one.
    func releaseReservations(instance: String, now: Int64) async throws(StoreError)
    /// A key's balance minus its live reservations (nil = the key has no balance, or no such key).
    func availableCredit(keyID: String, now: Int64) async throws(StoreError) -> Int64?

    // MARK: Ledger

    /// Ledger rows, newest first, filtered by key and start time (`created_at >= since`, Unix milliseconds), at most
    /// `limit` (none when `limit` ≤ 0).
    func usage(keyID: String?, since: Int64?, limit: Int) async throws(StoreError) -> [LedgerEntry]
    /// The row with this id (a response id such as `chatcmpl-…` or `msg_…`).
    func entry(id: String) async throws(StoreError) -> LedgerEntry?
    /// Totals of a key's rows since `since` (all keys when `keyID` is nil; zeros when there are none).
    func usageTotals(keyID: String?, since: Int64?) async throws(StoreError) -> UsageTotalsRecord

    /// Closes connections (PostgreSQL's pool; a no-op for SQLite).
    func close() async
}
