import Synchronization

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let instant = Mutex(ContinuousClock.now)

    var now: ContinuousClock.Instant { instant.withLock { $0 } }

    func advance(_ d: Duration) { instant.withLock { $0 += d } }
}
