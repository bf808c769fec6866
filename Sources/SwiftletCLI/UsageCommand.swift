import ArgumentParser
import Foundation
import InferenceTypes
import Server
import Storage

/// `swiftlet usage`: the usage ledger, one row per request, newest first.
struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage", abstract: "Show the usage ledger (one row per request) and its totals.")

    @Option(help: "Only this key's rows (key_…).") var key: String?
    @Option(help: "Only rows since this time: YYYY-MM-DD, RFC 3339, or Unix seconds.") var since: String?
    @Option(help: "Most rows to show.") var limit: Int = 1000
    @Flag(help: "Print JSON.") var json = false
    @Flag(help: "Print CSV.") var csv = false
    @OptionGroup var database: DatabaseOptions
    @Option(help: "Configuration file, JSON or YAML (its `database` is used).") var config: String?

    func run() async throws {
        guard !(json && csv) else { throw CLIError("--json and --csv exclude each other") }
        guard (1...1_000_000).contains(limit) else { throw CLIError("--limit must be between 1 and 1000000") }
        var sinceMs: Int64?
        if let since {
            guard let ms = UsageQuery.parseSince(since) else { throw CLIError("--since must be YYYY-MM-DD, RFC 3339 or Unix seconds") }
            sinceMs = ms
        }
        let configured = try await loadConfiguration(file: config).databaseURL
        let store = try await database.require(configured: configured)
        let rows: [LedgerEntry]
        let totals: UsageTotalsRecord
        do {
            rows = try await store.usage(keyID: key, since: sinceMs, limit: limit)
            totals = try await store.usageTotals(keyID: key, since: sinceMs)
        } catch {
            await store.close()
            throw CLIError(error.description)
        }
        await store.close()
        if json {
            print(JSONValue.makeObject([("object", "list"), ("data", .array(rows.map(PlatformJSON.entry))),
                ("totals", PlatformJSON.totals(totals))]).serialized())
        } else if csv {
            print("id,key_id,model,route,prompt_tokens,cached_tokens,completion_tokens,reasoning_tokens,cost_in_usd_ticks,status,finish_reason,ttft_ms,duration_ms,created_at")
            for e in rows {
                print([e.id, e.keyID ?? "", e.model, e.route, String(e.promptTokens), String(e.cachedTokens),
                    String(e.completionTokens), String(e.reasoningTokens), String(e.costTicks), e.status,
                    e.finishReason ?? "", e.ttftMs.map(String.init) ?? "", String(e.durationMs), String(e.createdAt / 1000)]
                    .map(Self.csvField).joined(separator: ","))
            }
        } else {
            print("ID                                     KEY                   MODEL                  PROMPT  OUTPUT  REASON  COST (USD)    STATUS")
            for e in rows {
                print([e.id.padded(38), (e.keyID ?? "-").padded(21), e.model.padded(22), String(e.promptTokens).padded(7),
                    String(e.completionTokens).padded(7), String(e.reasoningTokens).padded(7),
                    String(format: "%.8f", Money.usd(ticks: e.costTicks)).padded(13), e.status].joined(separator: " "))
            }
            print("\(totals.requests) requests, \(totals.promptTokens) prompt + \(totals.completionTokens) output + \(totals.reasoningTokens) reasoning tokens, \(String(format: "%.8f", Money.usd(ticks: totals.costTicks))) USD")
        }
    }

    /// A CSV field, quoted when it holds a comma, quote or line break.
    static func csvField(_ s: String) -> String {
        guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
        return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
