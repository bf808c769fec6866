// PostgresStore's stored responses: one row per response, read and deleted only together with the key it belongs to.
import PostgresNIO

extension PostgresStore: ResponseStore {
    public func saveResponse(_ response: StoredResponse) async throws(StoreError) {
        try await transaction("Could not store response \(response.id)") { db in
            _ = try await db.query(
                """
                INSERT INTO responses (\(unescaped: Schema.responseColumns)) VALUES (\(response.id), \(response.keyID),
                    \(response.model), \(response.status), \(response.previousResponseID), \(response.inputItems),
                    \(response.outputItems), \(response.response), \(response.createdAt))
                ON CONFLICT (id) DO UPDATE SET key_id = excluded.key_id, model = excluded.model,
                    status = excluded.status, previous_response_id = excluded.previous_response_id,
                    input_items = excluded.input_items, output_items = excluded.output_items,
                    response = excluded.response, created_at = excluded.created_at
                """, logger: self.logger)
        }
    }

    public func response(id: String, keyID: String?) async throws(StoreError) -> StoredResponse? {
        try await connection("Could not read response \(id)") { db in
            let query: PostgresQuery =
                if let keyID {
                    "SELECT \(unescaped: Schema.responseColumns) FROM responses WHERE id = \(id) AND key_id = \(keyID)"
                } else {
                    "SELECT \(unescaped: Schema.responseColumns) FROM responses WHERE id = \(id) AND key_id IS NULL"
                }
            return try await db.query(query, logger: self.logger).collect().first.map(Self.storedResponse)
        }
    }

    public func deleteResponse(id: String, keyID: String?) async throws(StoreError) -> Bool {
        try await transaction("Could not delete response \(id)") { db in
            let query: PostgresQuery =
                if let keyID {
                    "DELETE FROM responses WHERE id = \(id) AND key_id = \(keyID) RETURNING id"
                } else {
                    "DELETE FROM responses WHERE id = \(id) AND key_id IS NULL RETURNING id"
                }
            return !(try await db.query(query, logger: self.logger).collect().isEmpty)
        }
    }

    public func responseInputItems(id: String, keyID: String?) async throws(StoreError) -> String? {
        try await connection("Could not read the input items of response \(id)") { db in
            let query: PostgresQuery =
                if let keyID {
                    "SELECT input_items FROM responses WHERE id = \(id) AND key_id = \(keyID)"
                } else {
                    "SELECT input_items FROM responses WHERE id = \(id) AND key_id IS NULL"
                }
            return try await db.query(query, logger: self.logger).collect().first?.decode(String.self)
        }
    }

    static func storedResponse(_ row: PostgresRow) throws -> StoredResponse {
        let (id, keyID, model, status, previous, input, output, response, created) = try row.decode(
            (String, String?, String, String, String?, String, String, String, Int64).self)
        return StoredResponse(
            id: id, keyID: keyID, model: model, status: status, previousResponseID: previous, inputItems: input,
            outputItems: output, response: response, createdAt: created)
    }
}
