import Hummingbird
import InferenceTypes
import Storage

/// The admin API (admin keys only; static keys count as the operator's): what `swiftlet keys` and `swiftlet usage`
/// do, over HTTP. `GET|POST /admin/keys`, `GET /admin/keys/{id}`, `POST /admin/keys/{id}/revoke`,
/// `POST /admin/keys/{id}/top-up` (`{"credits": USD}`), `GET /admin/usage?key=&since=&limit=`.
extension APIHandlers {
    /// The store, for a caller allowed to administer it.
    private func adminStore(_ context: AppRequestContext) throws -> any PlatformStore {
        guard context.caller.isAdmin else { throw APIError.forbidden("The admin API needs an admin key.") }
        return try requireStore()
    }

    func requireStore() throws -> any PlatformStore {
        guard let store = platform.store else {
            throw APIError.notFound("This server keeps no keys or usage (it was started with --database none).")
        }
        return store
    }

    func adminListKeys(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let now = UnixTime.milliseconds()
        var items: [JSONValue] = []
        for k in try await Self.storeCall({ () async throws(StoreError) in try await store.keys() }) {
            let available = try await Self.storeCall { () async throws(StoreError) in try await store.availableCredit(keyID: k.id, now: now) }
            items.append(PlatformJSON.key(k, available: available))
        }
        return .json(PlatformJSON.list(items))
    }

    func adminCreateKey(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let body = try NewKeyRequest(json: try context.requireJSON())
        let created: KeyAdministration.Created
        do {
            created = try await KeyAdministration.create(body, freeTierUSD: configuration.freeTierCredits, store: store,
                now: UnixTime.milliseconds())
        } catch {
            throw APIError.inference(.invalidRequest(parameter: nil, message: error.description))
        }
        authority.keysChanged()
        guard case .object(var fields) = PlatformJSON.key(created.record) else { throw APIError.internalError }
        fields.append((key: "secret", value: .string(created.secret)))
        return .json(.object(fields), status: 201)
    }

    func adminGetKey(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let id = try context.parameters.require("id")
        guard let k = try await Self.storeCall({ () async throws(StoreError) in try await store.key(id: id) }) else {
            throw APIError.notFound("No API key with id \(id).")
        }
        let available = try await Self.storeCall { () async throws(StoreError) in
            try await store.availableCredit(keyID: k.id, now: UnixTime.milliseconds())
        }
        return .json(PlatformJSON.key(k, available: available))
    }

    func adminRevokeKey(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let id = try context.parameters.require("id")
        let found = try await Self.storeCall { () async throws(StoreError) in try await store.revokeKey(id: id, at: UnixTime.milliseconds()) }
        guard found, let k = try await Self.storeCall({ () async throws(StoreError) in try await store.key(id: id) }) else {
            throw APIError.notFound("No API key with id \(id).")
        }
        authority.keysChanged()
        return .json(PlatformJSON.key(k))
    }

    func adminTopUp(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let id = try context.parameters.require("id")
        let f = try JSONFields(try context.requireJSON())
        guard let usd = try f.double("credits", in: 0...Money.maxUSD) else {
            throw APIError.invalidField(JSONFieldError(path: "credits", kind: .missing, message: "is required (US dollars to add)"))
        }
        do {
            return .json(PlatformJSON.key(try await KeyAdministration.topUp(id: id, usd: usd, store: store)))
        } catch {
            throw APIError.notFound(error.description)
        }
    }

    func adminUsage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let store = try adminStore(context)
        let q = request.uri.queryParameters
        let key = q["key"].map(String.init)
        return try await usageBody(store: store, keyID: key, request: request)
    }

    /// `GET /v1/me`: the calling key, its balance (minus live reservations) and its usage totals.
    func me(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let key = context.caller.key else {
            throw APIError.notFound("This request used no platform key (a static key or an open server): there is no balance to show.")
        }
        let store = try requireStore()
        let now = UnixTime.milliseconds()
        let fresh = try await Self.storeCall { () async throws(StoreError) in try await store.key(id: key.id) } ?? key
        let available = try await Self.storeCall { () async throws(StoreError) in try await store.availableCredit(keyID: key.id, now: now) }
        let totals = try await Self.storeCall { () async throws(StoreError) in try await store.usageTotals(keyID: key.id, since: nil) }
        guard case .object(var fields) = PlatformJSON.key(fresh, available: available) else { throw APIError.internalError }
        fields.append((key: "usage", value: PlatformJSON.totals(totals)))
        return .json(.object(fields))
    }

    /// `GET /v1/me/usage?since=&limit=`: the calling key's own ledger rows, newest first.
    func myUsage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        guard let key = context.caller.key else {
            throw APIError.notFound("This request used no platform key (a static key or an open server): there is no usage to show.")
        }
        return try await usageBody(store: try requireStore(), keyID: key.id, request: request)
    }

    /// Rows and totals for `keyID` (nil = every key) with the query's `since` (Unix seconds or `YYYY-MM-DD`) and
    /// `limit` (default 100, at most 10,000).
    private func usageBody(store: any PlatformStore, keyID: String?, request: Request) async throws -> Response {
        let q = request.uri.queryParameters
        var since: Int64?
        if let s = q["since"].map(String.init) {
            guard let ms = UsageQuery.parseSince(s) else {
                throw APIError.invalidField(JSONFieldError(path: "since", kind: .invalidValue, message: "must be Unix seconds or a date YYYY-MM-DD"))
            }
            since = ms
        }
        var limit = 100
        if let l = q["limit"].map(String.init) {
            guard let n = Int(l), (1...10_000).contains(n) else {
                throw APIError.invalidField(JSONFieldError(path: "limit", kind: .invalidValue, message: "must be between 1 and 10000"))
            }
            limit = n
        }
        let rows = try await Self.storeCall { () async throws(StoreError) in try await store.usage(keyID: keyID, since: since, limit: limit) }
        let totals = try await Self.storeCall { () async throws(StoreError) in try await store.usageTotals(keyID: keyID, since: since) }
        return .json(.makeObject([("object", "list"), ("data", .array(rows.map(PlatformJSON.entry))),
            ("totals", PlatformJSON.totals(totals))]))
    }

    /// Runs a store call, turning its failure into a 503.
    static func storeCall<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError.storeUnavailable(error.description) }
    }
}
