import Storage

/// Why a key's request was rate limited, with what the 429 says and carries.
struct RateRefusal: Sendable, Hashable {
    /// The limit that refused it.
    var kind: RateKind
    /// The limit per minute.
    var limit: Int
    /// What the request asked for (1 request, or its token estimate).
    var requested: Int
    /// Milliseconds until the request would fit.
    var retryAfterMs: Int64
    /// The request alone is larger than the limit: retrying cannot help.
    var tooLarge: Bool
    /// The buckets, for the response headers.
    var snapshot: RateLimitSnapshot

    /// `retry-after`, whole seconds, at least 1.
    var retryAfterSeconds: Int { Int(max(1, (retryAfterMs + 999) / 1000)) }

    /// OpenAI's wording ("Rate limit reached for requests per min (RPM): Limit 3, …").
    var message: String {
        let unit = kind == .requests ? "requests per min (RPM)" : "tokens per min (TPM)"
        if tooLarge {
            return "Request too large for \(unit): Limit \(limit), Requested \(requested). Lower max_tokens or the prompt."
        }
        return "Rate limit reached for \(unit): Limit \(limit), Requested \(requested). Please try again in \(RateLimitSnapshot.goDuration(milliseconds: retryAfterMs))."
    }
}
