import Foundation
public import InferenceTypes
public import Storage

/// What creating a key takes, from `swiftlet keys create` or `POST /admin/keys`.
public struct NewKeyRequest: Sendable {
    public var name: String
    /// Model ids or aliases; nil = every model.
    public var models: [String]?
    /// Starting balance in USD; nil = no balance kept (unlimited).
    public var creditsUSD: Double?
    /// Give the configured free-tier starting credit (added to `creditsUSD`).
    public var freeTier: Bool
    public var rpm: Int?
    public var tpm: Int?
    public var expiresInDays: Int?
    public var isAdmin: Bool

    public init(
        name: String, models: [String]? = nil, creditsUSD: Double? = nil, freeTier: Bool = false, rpm: Int? = nil,
        tpm: Int? = nil, expiresInDays: Int? = nil, isAdmin: Bool = false
    ) {
        self.name = name
        self.models = models
        self.creditsUSD = creditsUSD
        self.freeTier = freeTier
        self.rpm = rpm
        self.tpm = tpm
        self.expiresInDays = expiresInDays
        self.isAdmin = isAdmin
    }

    /// Decodes the admin API's body: `{"name", "models", "credits", "free_tier", "rpm", "tpm", "expires_in_days",
    /// "admin"}`.
    public init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        name = try f.requiredString("name")
        models = try f.strings("models")
        creditsUSD = try f.double("credits", in: 0...Money.maxUSD)
        freeTier = try f.bool("free_tier") ?? false
        rpm = try f.int("rpm", in: 1...1_000_000_000).map { Int($0) }
        tpm = try f.int("tpm", in: 1...1_000_000_000_000).map { Int($0) }
        expiresInDays = try f.int("expires_in_days", in: 1...36_500).map { Int($0) }
        isAdmin = try f.bool("admin") ?? false
    }
}

/// Key management shared by the CLI and the admin API, so both do exactly the same.
public enum KeyAdministration {
    /// A new key and its secret (shown once, never stored).
    public struct Created: Sendable {
        public var record: APIKeyRecord
        public var secret: String
    }

    /// The failure of a key operation, with a message for the user.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Creates a key; `freeTierUSD` is what `freeTier` adds.
    public static func create(
        _ request: NewKeyRequest, freeTierUSD: Double, store: any PlatformStore, now: Int64
    ) async throws(Failure) -> Created {
        let name = request.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.count <= 200 else { throw Failure(description: "name must be 1 to 200 characters") }
        if let models = request.models, models.isEmpty || models.contains(where: \.isEmpty) {
            throw Failure(description: "models must list at least one model name")
        }
        var credit: Double? = request.creditsUSD
        if request.freeTier { credit = (credit ?? 0) + freeTierUSD }
        var ticks: Int64?
        if let credit {
            guard let t = Money.ticks(usd: credit) else { throw Failure(description: "credits must be between 0 and \(Int(Money.maxUSD)) USD") }
            ticks = t
        }
        if let rpm = request.rpm, rpm < 1 { throw Failure(description: "rpm must be at least 1") }
        if let tpm = request.tpm, tpm < 1 { throw Failure(description: "tpm must be at least 1") }
        let expires = request.expiresInDays.map { now + Int64($0) * 86_400_000 }
        let secret = KeySecret.generate()
        let record = KeySecret.record(secret: secret, name: name, models: request.models, isAdmin: request.isAdmin,
            rpm: request.rpm, tpm: request.tpm, creditTicks: ticks, now: now, expiresAt: expires)
        do { try await store.insertKey(record) } catch { throw Failure(description: error.description) }
        return Created(record: record, secret: secret)
    }

    /// Adds `usd` to a key's balance.
    public static func topUp(id: String, usd: Double, store: any PlatformStore) async throws(Failure) -> APIKeyRecord {
        guard let ticks = Money.ticks(usd: usd), ticks > 0 else {
            throw Failure(description: "credits must be more than 0 and at most \(Int(Money.maxUSD)) USD")
        }
        let updated: APIKeyRecord?
        do { updated = try await store.topUp(id: id, ticks: ticks) } catch { throw Failure(description: error.description) }
        guard let updated else { throw Failure(description: "no key with id \(id)") }
        return updated
    }
}
