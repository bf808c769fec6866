// SQLiteStore's shared settings: one row per name, the first insert wins.
import GRDB

extension SQLiteStore: SharedSettings {
    public func sharedValue(_ name: String, proposing proposal: String) async throws(StoreError) -> String {
        try await write("Could not read the shared setting \(name)") { db in
            try db.execute(sql: "INSERT INTO shared_settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                arguments: [name, proposal])
            return try String.fetchOne(db, sql: "SELECT value FROM shared_settings WHERE name = ?", arguments: [name]) ?? proposal
        }
    }
}
