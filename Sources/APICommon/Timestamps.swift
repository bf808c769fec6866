/// Time formatting without Foundation.
public enum Timestamps {
    /// RFC 3339 / ISO 8601 UTC time for a Unix timestamp, e.g. `2025-04-04T00:00:00Z` (Anthropic `created_at`).
    public static func iso8601(unixSeconds: Int) -> String {
        let days = unixSeconds >= 0 ? unixSeconds / 86_400 : (unixSeconds - 86_399) / 86_400
        let secondsOfDay = unixSeconds - days * 86_400
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let h = secondsOfDay / 3600, m = (secondsOfDay % 3600) / 60, s = secondsOfDay % 60
        return "\(year)-\(two(month))-\(two(day))T\(two(h)):\(two(m)):\(two(s))Z"
    }
}
