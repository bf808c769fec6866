/// The circuit breaker of one upstream URL, as a pure state machine: events in (a request wants to go, it succeeded,
/// it failed), decisions out, the time always passed in, so tests drive it with made-up instants.
///
/// - closed: requests go; `failureThreshold` failures in a row open the circuit.
/// - open: requests do not go until `cooldown` has passed; then one request goes as a probe (half-open).
/// - half-open: the probe's success closes the circuit, its failure opens it again for another cooldown. Until the
///   probe ends no other request goes, unless the probe has taken longer than a cooldown (a probe whose client left
///   reports nothing, and must not keep the URL shut forever).
public struct CircuitBreaker: Sendable, Hashable {
    /// When the circuit opens and for how long.
    public struct Policy: Sendable, Hashable {
        /// Consecutive failures that open the circuit.
        public var failureThreshold = 3
        /// How long an open circuit refuses requests before it lets a probe through.
        public var cooldown: Duration = .seconds(10)

        /// The defaults: 3 failures, 10 seconds.
        public init() {}

        /// A policy with both values given.
        public init(failureThreshold: Int, cooldown: Duration) {
            self.failureThreshold = failureThreshold
            self.cooldown = cooldown
        }
    }

    /// Where the circuit stands.
    public enum State: Sendable, Hashable {
        /// Requests go; `failures` in a row so far.
        case closed(failures: Int)
        /// No request goes before `until`.
        case open(until: ContinuousClock.Instant)
        /// A probe went at `since`; its outcome decides.
        case halfOpen(since: ContinuousClock.Instant)
    }

    /// The rules.
    public let policy: Policy
    /// The current state.
    public private(set) var state: State = .closed(failures: 0)

    /// A closed circuit under `policy`.
    public init(policy: Policy = Policy()) {
        self.policy = policy
    }

    /// Whether a request may go to the URL at `now`; true for the request that becomes the probe of an open
    /// circuit whose cooldown has passed.
    public mutating func allowsRequest(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen(since: now)
            return true
        case .halfOpen(let since):
            guard now - since >= policy.cooldown else { return false }
            state = .halfOpen(since: now)
            return true
        }
    }

    /// A request reached the URL and got a usable reply.
    public mutating func recordSuccess() {
        state = .closed(failures: 0)
    }

    /// A request to the URL failed (no connection, a timeout, a server error) at `now`.
    public mutating func recordFailure(at now: ContinuousClock.Instant) {
        switch state {
        case .closed(let failures):
            state = failures + 1 >= policy.failureThreshold ? .open(until: now + policy.cooldown) : .closed(failures: failures + 1)
        case .open, .halfOpen:
            state = .open(until: now + policy.cooldown)
        }
    }

    /// How long until a request may go again (zero when one may go now).
    public func waitTime(at now: ContinuousClock.Instant) -> Duration {
        switch state {
        case .closed: return .zero
        case .open(let until): return max(.zero, until - now)
        case .halfOpen(let since): return max(.zero, since + policy.cooldown - now)
        }
    }
}
