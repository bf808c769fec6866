/// Stored Responses API responses (`store: true`): what `GET /v1/responses/{id}`, its input items and
/// `previous_response_id` read back, kept per API key.
///
/// Every read and delete names the key it acts for, and a response stored under another key is treated as absent:
/// one key can never see or delete another's responses. Static keys and open servers act with a nil key id, and share
/// the responses stored under it.
///
/// - Important: implementations are safe to call from any task concurrently.
public protocol ResponseStore: Sendable {
    /// Inserts a response, or replaces the one with the same id (a response is saved once, when it ends).
    func saveResponse(_ response: StoredResponse) async throws(StoreError)
    /// The response with this id stored under `keyID` (nil: stored without a key); nil when absent or another key's.
    func response(id: String, keyID: String?) async throws(StoreError) -> StoredResponse?
    /// Deletes the response with this id stored under `keyID`; false when there was none.
    func deleteResponse(id: String, keyID: String?) async throws(StoreError) -> Bool
    /// The input items (a JSON array as text) of the response with this id stored under `keyID`; nil when absent or
    /// another key's.
    func responseInputItems(id: String, keyID: String?) async throws(StoreError) -> String?
}

/// One stored response. The item lists and the response are JSON text, written and read by the API layer; the store
/// never looks inside them.
public struct StoredResponse: Sendable, Hashable, Codable {
    /// `resp_…`, the response's own id (also its ledger row's).
    public var id: String
    /// The API key it was created with; nil for static keys and open servers.
    public var keyID: String?
    /// The model name the client asked for.
    public var model: String
    /// `completed`, `incomplete` or `failed`.
    public var status: String
    /// The response this one continued, if any.
    public var previousResponseID: String?
    /// Every input item the response was generated from (the continued conversation's items first), a JSON array.
    public var inputItems: String
    /// The output items, a JSON array.
    public var outputItems: String
    /// The whole response object as `GET /v1/responses/{id}` returns it.
    public var response: String
    /// Unix milliseconds.
    public var createdAt: Int64

    /// A stored response with every field given.
    public init(
        id: String, keyID: String?, model: String, status: String, previousResponseID: String?, inputItems: String,
        outputItems: String, response: String, createdAt: Int64
    ) {
        self.id = id
        self.keyID = keyID
        self.model = model
        self.status = status
        self.previousResponseID = previousResponseID
        self.inputItems = inputItems
        self.outputItems = outputItems
        self.response = response
        self.createdAt = createdAt
    }
}

/// A ``ResponseStore`` in memory, for servers that keep no database (`--database none`): responses live as long as
/// the process, and the oldest are dropped beyond `capacity`.
public actor MemoryResponseStore: ResponseStore {
    /// Most responses kept.
    public let capacity: Int
    private var byID: [String: StoredResponse] = [:]
    private var order: [String] = []

    /// An empty store keeping at most `capacity` responses.
    public init(capacity: Int = 1000) {
        self.capacity = max(1, capacity)
    }

    public func saveResponse(_ response: StoredResponse) async throws(StoreError) {
        if byID.updateValue(response, forKey: response.id) == nil { order.append(response.id) }
        while order.count > capacity { byID[order.removeFirst()] = nil }
    }

    public func response(id: String, keyID: String?) async throws(StoreError) -> StoredResponse? {
        guard let r = byID[id], r.keyID == keyID else { return nil }
        return r
    }

    public func deleteResponse(id: String, keyID: String?) async throws(StoreError) -> Bool {
        guard let r = byID[id], r.keyID == keyID else { return false }
        byID[id] = nil
        order.removeAll { $0 == id }
        return true
    }

    public func responseInputItems(id: String, keyID: String?) async throws(StoreError) -> String? {
        try await response(id: id, keyID: keyID)?.inputItems
    }
}
