import Foundation

/// Parsing of the `since` filter shared by `swiftlet usage --since` and `GET …/usage?since=`.
public enum UsageQuery {
    /// Unix milliseconds for `text`: Unix seconds (`1765000000`), a date (`2026-12-06`, midnight UTC) or an RFC 3339
    /// time (`2026-12-06T18:00:00Z`); nil when it is none of these.
    public static func parseSince(_ text: String) -> Int64? {
        if let seconds = Int64(text), seconds >= 0, seconds < 100_000_000_000 { return seconds * 1000 }
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime]
        if let d = full.date(from: text) { return Int64(d.timeIntervalSince1970 * 1000) }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let d = day.date(from: text) { return Int64(d.timeIntervalSince1970 * 1000) }
        return nil
    }
}
