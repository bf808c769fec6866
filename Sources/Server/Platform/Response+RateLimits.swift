import HTTPTypes
import Hummingbird

extension Response {
    /// The response with the key's rate-limit headers in `family`'s dialect (unchanged when the key has no limits).
    func withRateLimits(_ snapshot: RateLimitSnapshot?, family: APIFamily) -> Response {
        guard let snapshot else { return self }
        var response = self
        for (name, value) in snapshot.headers(for: family) {
            if let n = HTTPField.Name(name) { response.headers[n] = value }
        }
        return response
    }
}
