// SQLiteStore's stored responses: one row per response, read and deleted only together with the key it belongs to.
import GRDB

extension SQLiteStore: ResponseStore {
    public func saveResponse(_ response: StoredResponse) async throws(StoreError) {
        try await write("Could not store response \(response.id)") { db in
            try db.execute(
                sql: """
                    INSERT INTO responses (\(Schema.responseColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, model = excluded.model,
                        status = excluded.status, previous_response_id = excluded.previous_response_id,
                        input_items = excluded.input_items, output_items = excluded.output_items,
                        response = excluded.response, created_at = excluded.created_at
                    """,
                arguments: [
                    response.id, response.keyID, response.model, response.status, response.previousResponseID,
                    response.inputItems, response.outputItems, response.response, response.createdAt,
                ])
        }
    }

    public func response(id: String, keyID: String?) async throws(StoreError) -> StoredResponse? {
        let (condition, arguments) = Self.responseFilter(id: id, keyID: keyID)
        return try await read("Could not read response \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT \(Schema.responseColumns) FROM responses WHERE \(condition)",
                arguments: arguments
            ).map(Self.storedResponse)
        }
    }

    public func deleteResponse(id: String, keyID: String?) async throws(StoreError) -> Bool {
        let (condition, arguments) = Self.responseFilter(id: id, keyID: keyID)
        return try await write("Could not delete response \(id)") { db in
            try db.execute(sql: "DELETE FROM responses WHERE \(condition)", arguments: arguments)
            return db.changesCount > 0
        }
    }

    public func responseInputItems(id: String, keyID: String?) async throws(StoreError) -> String? {
        let (condition, arguments) = Self.responseFilter(id: id, keyID: keyID)
        return try await read("Could not read the input items of response \(id)") { db in
            try String.fetchOne(db, sql: "SELECT input_items FROM responses WHERE \(condition)", arguments: arguments)
        }
    }

    /// `id = ?` and the key: its id, or no key at all (`IS NULL`, which `= NULL` would never match).
    private static func responseFilter(id: String, keyID: String?) -> (String, StatementArguments) {
        guard let keyID else { return ("id = ? AND key_id IS NULL", [id]) }
        return ("id = ? AND key_id = ?", [id, keyID])
    }

    static func storedResponse(_ row: Row) throws -> StoredResponse {
        StoredResponse(
            id: try row.decode(forColumn: "id"), keyID: try row.decode(forColumn: "key_id"),
            model: try row.decode(forColumn: "model"), status: try row.decode(forColumn: "status"),
            previousResponseID: try row.decode(forColumn: "previous_response_id"),
            inputItems: try row.decode(forColumn: "input_items"), outputItems: try row.decode(forColumn: "output_items"),
            response: try row.decode(forColumn: "response"), createdAt: try row.decode(forColumn: "created_at"))
    }
}
