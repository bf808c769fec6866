// PostgresStore's shared settings: one row per name, the first insert wins (also between instances racing at
// start-up: the insert and the read are one transaction, and a conflicting insert does nothing).
import PostgresNIO

extension PostgresStore: SharedSettings {
    public func sharedValue(_ name: String, proposing proposal: String) async throws(StoreError) -> String {
        try await transaction("Could not read the shared setting \(name)") { db in
            _ = try await db.query(
                "INSERT INTO shared_settings (name, value) VALUES (\(name), \(proposal)) ON CONFLICT (name) DO NOTHING",
                logger: self.logger)
            let rows = try await db.query("SELECT value FROM shared_settings WHERE name = \(name)", logger: self.logger)
            for try await value in rows.decode(String.self) { return value }
            return proposal
        }
    }
}
