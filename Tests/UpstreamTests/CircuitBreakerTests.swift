import Testing
import Upstream

/// The breaker as a pure state machine: events in, decisions out, with made-up instants.
@Suite struct CircuitBreakerTests {
    let t0 = ContinuousClock.now
    let policy = CircuitBreaker.Policy(failureThreshold: 3, cooldown: .seconds(10))

    @Test func closedCircuitOpensAfterThresholdFailuresInARow() {
        var b = CircuitBreaker(policy: policy)
        do { let ok = b.allowsRequest(at: t0); #expect(ok) }
        b.recordFailure(at: t0)
        b.recordFailure(at: t0)
        #expect(b.state == .closed(failures: 2))
        do { let ok = b.allowsRequest(at: t0); #expect(ok) }
        b.recordFailure(at: t0 + .seconds(1))
        #expect(b.state == .open(until: t0 + .seconds(11)))
        do { let ok = b.allowsRequest(at: t0 + .seconds(5)); #expect(!ok) }
        #expect(b.waitTime(at: t0 + .seconds(5)) == .seconds(6))
    }

    @Test func aSuccessResetsTheCount() {
        var b = CircuitBreaker(policy: policy)
        b.recordFailure(at: t0)
        b.recordFailure(at: t0)
        b.recordSuccess()
        b.recordFailure(at: t0)
        b.recordFailure(at: t0)
        #expect(b.state == .closed(failures: 2))
        do { let ok = b.allowsRequest(at: t0); #expect(ok) }
    }

    @Test func afterTheCooldownOneProbeGoesAndItsSuccessCloses() {
        var b = CircuitBreaker(policy: policy)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(9)); #expect(!ok) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(10)); #expect(ok) }
        #expect(b.state == .halfOpen(since: t0 + .seconds(10)))
        // While the probe runs, nothing else goes.
        do { let ok = b.allowsRequest(at: t0 + .seconds(11)); #expect(!ok) }
        b.recordSuccess()
        #expect(b.state == .closed(failures: 0))
        do { let ok = b.allowsRequest(at: t0 + .seconds(11)); #expect(ok) }
    }

    @Test func aFailedProbeOpensForAnotherCooldown() {
        var b = CircuitBreaker(policy: policy)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(10)); #expect(ok) }
        b.recordFailure(at: t0 + .seconds(12))
        #expect(b.state == .open(until: t0 + .seconds(22)))
        do { let ok = b.allowsRequest(at: t0 + .seconds(21)); #expect(!ok) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(22)); #expect(ok) }
    }

    @Test func aProbeThatNeverReportsDoesNotShutTheURLForever() {
        var b = CircuitBreaker(policy: policy)
        for _ in 0..<3 { b.recordFailure(at: t0) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(10)); #expect(ok) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(15)); #expect(!ok) }
        do { let ok = b.allowsRequest(at: t0 + .seconds(20)); #expect(ok) }
    }

    @Test func theThresholdCanBeOne() {
        var b = CircuitBreaker(policy: .init(failureThreshold: 1, cooldown: .milliseconds(500)))
        b.recordFailure(at: t0)
        do { let ok = b.allowsRequest(at: t0 + .milliseconds(499)); #expect(!ok) }
        do { let ok = b.allowsRequest(at: t0 + .milliseconds(500)); #expect(ok) }
    }

    @Test func poolOrderRotatesAndCycles() {
        let pool = EndpointPool(urls: ["a", "b", "c"], policy: policy)
        #expect(pool.order(attempts: 3) == [0, 1, 2])
        #expect(pool.order(attempts: 3) == [1, 2, 0])
        #expect(pool.order(attempts: 4) == [2, 0, 1, 2])
        let one = EndpointPool(urls: ["a"], policy: policy)
        #expect(one.order(attempts: 2) == [0, 0])
    }

    @Test func poolSkipsAnOpenURLUntilItsProbe() {
        let clock = TestClock()
        let pool = EndpointPool(urls: ["a", "b"], policy: policy, clock: { clock.now })
        for _ in 0..<3 { pool.failed(0) }
        #expect(!pool.admit(0))
        #expect(pool.admit(1))
        #expect(pool.waitTime() == .zero)
        clock.advance(.seconds(10))
        #expect(pool.admit(0))
        pool.succeeded(0)
        #expect(pool.states[0] == .closed(failures: 0))
    }
}
