import Synchronization

/// The URLs of one upstream model with their circuit breakers, shared by every request to the model.
///
/// Requests start at the URLs in turn (round robin), so several engines share the load; a request that fails
/// before its first byte moves on to the next URL. A URL whose circuit is open is skipped until its probe.
///
/// - Important: thread-safe; the breakers and the turn counter sit behind one `Mutex`.
public final class EndpointPool: Sendable {
    /// The base URLs.
    public let urls: [String]
    private struct State {
        var breakers: [CircuitBreaker]
        var turn = 0
    }
    private let state: Mutex<State>
    private let clock: @Sendable () -> ContinuousClock.Instant

    /// A pool of `urls` under `policy`; `clock` tells the time (injected by tests).
    public init(urls: [String], policy: CircuitBreaker.Policy,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now })
    {
        self.urls = urls
        self.clock = clock
        state = Mutex(State(breakers: urls.map { _ in CircuitBreaker(policy: policy) }))
    }

    /// The order in which one request tries the URLs, `attempts` long: starting at this request's turn, cycling
    /// (with one URL and two attempts, the URL twice).
    public func order(attempts: Int) -> [Int] {
        guard !urls.isEmpty else { return [] }
        let start = state.withLock { s in
            defer { s.turn = (s.turn + 1) % urls.count }
            return s.turn
        }
        return (0..<max(1, attempts)).map { (start + $0) % urls.count }
    }

    /// Whether a request may go to URL `index` now (an open circuit's probe counts as allowed).
    public func admit(_ index: Int) -> Bool {
        let now = clock()
        return state.withLock { $0.breakers[index].allowsRequest(at: now) }
    }

    /// URL `index` answered usably.
    public func succeeded(_ index: Int) {
        state.withLock { $0.breakers[index].recordSuccess() }
    }

    /// URL `index` failed.
    public func failed(_ index: Int) {
        let now = clock()
        state.withLock { $0.breakers[index].recordFailure(at: now) }
    }

    /// How long until some URL takes requests again.
    public func waitTime() -> Duration {
        let now = clock()
        return state.withLock { s in s.breakers.map { $0.waitTime(at: now) }.min() ?? .zero }
    }

    /// The breakers' states (for tests and logs).
    public var states: [CircuitBreaker.State] { state.withLock { $0.breakers.map(\.state) } }
}
