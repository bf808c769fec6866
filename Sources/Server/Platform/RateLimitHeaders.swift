import Foundation
import Storage

/// A key's token buckets after an admission decision, written as response headers in each API's dialect:
/// OpenAI's `x-ratelimit-{limit,remaining,reset}-{requests,tokens}` (resets as Go-style durations such as `1s`,
/// `6m0s`, `20ms`) and Anthropic's `anthropic-ratelimit-{requests,tokens}-{limit,remaining,reset}` (resets as
/// RFC 3339 times).
struct RateLimitSnapshot: Sendable, Hashable {
    var requests: BucketState?
    var tokens: BucketState?
    /// When the snapshot was taken (Unix milliseconds), for Anthropic's absolute reset times.
    var takenAt: Int64

    var isEmpty: Bool { requests == nil && tokens == nil }

    /// The headers for `family`.
    func headers(for family: APIFamily) -> [(String, String)] {
        var out: [(String, String)] = []
        for (kind, bucket) in [("requests", requests), ("tokens", tokens)] {
            guard let b = bucket else { continue }
            switch family {
            case .openAI:
                out.append(("x-ratelimit-limit-\(kind)", String(b.limit)))
                out.append(("x-ratelimit-remaining-\(kind)", String(b.remaining)))
                out.append(("x-ratelimit-reset-\(kind)", Self.goDuration(milliseconds: b.resetMs)))
            case .anthropic:
                out.append(("anthropic-ratelimit-\(kind)-limit", String(b.limit)))
                out.append(("anthropic-ratelimit-\(kind)-remaining", String(b.remaining)))
                out.append(("anthropic-ratelimit-\(kind)-reset", Self.rfc3339(milliseconds: takenAt + b.resetMs)))
            }
        }
        return out
    }

    /// `20ms`, `1s`, `1.5s`, `6m0s` (OpenAI's reset format).
    static func goDuration(milliseconds ms: Int64) -> String {
        let ms = max(0, ms)
        if ms < 1000 { return "\(ms)ms" }
        let minutes = ms / 60_000
        let restMs = ms % 60_000
        let seconds = restMs % 1000 == 0 ? String(restMs / 1000) : Self.trimmed(Double(restMs) / 1000)
        return minutes > 0 ? "\(minutes)m\(seconds)s" : "\(seconds)s"
    }

    private static func trimmed(_ x: Double) -> String {
        var s = String(format: "%.3f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }

    /// `2026-12-06T18:00:05Z`.
    static func rfc3339(milliseconds ms: Int64) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: Date(timeIntervalSince1970: Double(ms) / 1000))
    }
}
