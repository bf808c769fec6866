import ArgumentParser
import Foundation
import InferenceTypes
import Server
import Storage

/// `swiftlet keys create|list|revoke|top-up`: the platform's API keys, in the same database `serve` uses.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list, revoke and top up API keys.",
        subcommands: [Create.self, List.self, Revoke.self, TopUp.self]
    )

    /// Options every subcommand takes.
    struct Common: ParsableArguments {
        @OptionGroup var database: DatabaseOptions

        @Option(help: "Configuration file, JSON or YAML (its `database` and `freeTierCredits` are used).")
        var config: String?

        @Flag(help: "Print JSON.")
        var json = false

        func configuration() async throws -> ServerConfiguration {
            try await loadConfiguration(file: config)
        }

        func store() async throws -> any PlatformStore {
            try await database.require(configured: try await configuration().databaseURL)
        }
    }

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key and print its secret (shown once: only a digest is stored).")

        @Option(help: "A name for people.") var name: String
        @Option(help: "Models (ids or aliases) the key may use, comma-separated; default: all.") var models: String?
        @Option(help: "Starting credit in US dollars; default: no balance (unlimited).") var credits: Double?
        @Flag(help: "Add the configured free-tier starting credit (config `freeTierCredits`, default $1).") var freeTier = false
        @Option(help: "Requests per minute.") var rpm: Int?
        @Option(help: "Tokens per minute (prompt + max output).") var tpm: Int?
        @Option(help: "Days until the key expires.") var expiresInDays: Int?
        @Flag(help: "May use the admin API.") var admin = false
        @OptionGroup var common: Common

        func run() async throws {
            let config = try await common.configuration()
            let store = try await common.store()
            defer { Task { await store.close() } }
            let request = NewKeyRequest(name: name,
                models: models.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } },
                creditsUSD: credits, freeTier: freeTier, rpm: rpm, tpm: tpm, expiresInDays: expiresInDays, isAdmin: admin)
            let created: KeyAdministration.Created
            do {
                created = try await KeyAdministration.create(request, freeTierUSD: config.freeTierCredits, store: store,
                    now: UnixTime.milliseconds())
            } catch {
                throw CLIError(error.description)
            }
            await store.close()
            if common.json {
                guard case .object(var fields) = PlatformJSON.key(created.record) else { return }
                fields.append((key: "secret", value: .string(created.secret)))
                print(JSONValue.object(fields).serialized())
            } else {
                print(created.secret)
                FileHandle.standardError.write(Data("created \(created.record.id) (\(created.record.name)); the secret above is shown only once\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys with their limits and remaining credit.")
        @OptionGroup var common: Common

        func run() async throws {
            let store = try await common.store()
            let now = UnixTime.milliseconds()
            var rows: [(APIKeyRecord, Int64?)] = []
            do {
                for k in try await store.keys() { rows.append((k, try await store.availableCredit(keyID: k.id, now: now))) }
            } catch {
                await store.close()
                throw CLIError(error.description)
            }
            await store.close()
            if common.json {
                print(PlatformJSON.list(rows.map { PlatformJSON.key($0.0, available: $0.1) }).serialized())
                return
            }
            print("ID                    NAME                 PREFIX       STATUS   CREDIT (USD)   RPM     TPM       MODELS")
            for (k, available) in rows {
                let credit = k.creditTicks.map { String(format: "%.6f", Money.usd(ticks: available ?? $0)) } ?? "unlimited"
                print([k.id.padded(22), k.name.padded(20), k.prefix.padded(12), PlatformJSON.status(k).padded(8),
                    credit.padded(14), (k.rpm.map(String.init) ?? "-").padded(7), (k.tpm.map(String.init) ?? "-").padded(9),
                    k.models?.joined(separator: ",") ?? "all"].joined(separator: " "))
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key (it answers 401 from then on).")
        @Argument(help: "The key's id (key_…).") var id: String
        @OptionGroup var common: Common

        func run() async throws {
            let store = try await common.store()
            let found: Bool
            let record: APIKeyRecord?
            do {
                found = try await store.revokeKey(id: id, at: UnixTime.milliseconds())
                record = try await store.key(id: id)
            } catch {
                await store.close()
                throw CLIError(error.description)
            }
            await store.close()
            guard found, let record else { throw CLIError("no key with id \(id)") }
            print(common.json ? PlatformJSON.key(record).serialized() : "revoked \(id)")
        }
    }

    struct TopUp: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "top-up", abstract: "Add credit to a key.")
        @Argument(help: "The key's id (key_…).") var id: String
        @Option(help: "US dollars to add.") var credits: Double
        @OptionGroup var common: Common

        func run() async throws {
            let store = try await common.store()
            let record: APIKeyRecord
            do {
                record = try await KeyAdministration.topUp(id: id, usd: credits, store: store)
            } catch {
                await store.close()
                throw CLIError(error.description)
            }
            await store.close()
            print(common.json ? PlatformJSON.key(record).serialized()
                : "\(id): credit now \(String(format: "%.6f", Money.usd(ticks: record.creditTicks ?? 0))) USD")
        }
    }
}

extension String {
    /// Left-aligned in `width` columns (longer values are kept whole).
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
