import Synchronization

/// What one attempt has done so far, shared by the task reading the reply and the watchdog timing it.
///
/// - Important: thread-safe (one `Mutex`).
final class AttemptProgress: Sendable {
    private struct State {
        var lastActivity: ContinuousClock.Instant
        var sent = false
    }
    private let state: Mutex<State>
    /// When the request went out.
    let startedAt: ContinuousClock.Instant

    /// An attempt starting now.
    init(now: ContinuousClock.Instant = .now) {
        startedAt = now
        state = Mutex(State(lastActivity: now))
    }

    /// Bytes arrived.
    func touch(now: ContinuousClock.Instant = .now) {
        state.withLock { $0.lastActivity = now }
    }

    /// Marks the first item as sent to the client; true the first time only.
    func markSent() -> Bool {
        state.withLock { s in
            defer { s.sent = true }
            return !s.sent
        }
    }

    /// Whether anything went to the client (no more attempts after that).
    var sent: Bool { state.withLock { $0.sent } }

    /// When the reply was last heard from.
    var lastActivity: ContinuousClock.Instant { state.withLock { $0.lastActivity } }
}

/// Times one attempt: until its first item, the first-byte timeout from the start; after it, the idle timeout from
/// the last bytes. Sleeps until the next deadline and throws ``AttemptFailure/timeout(firstByte:after:)`` when it
/// passed without news; ends with `CancellationError` when the attempt is over.
enum Watchdog {
    static func run(_ progress: AttemptProgress, timeouts: UpstreamTimeouts) async throws {
        while true {
            let now = ContinuousClock.now
            let waitingFirst = !progress.sent
            let deadline = waitingFirst ? progress.startedAt + timeouts.firstByte : progress.lastActivity + timeouts.idle
            if now >= deadline {
                // The first item may have gone out just now: look again before failing the attempt.
                if waitingFirst, progress.sent { continue }
                throw AttemptFailure.timeout(firstByte: waitingFirst, after: waitingFirst ? timeouts.firstByte : timeouts.idle)
            }
            // While waiting for the first item, wake at least every idle period: once it arrived, the idle
            // deadline applies and may come first.
            try await Task.sleep(until: waitingFirst ? min(deadline, now + timeouts.idle) : deadline, clock: .continuous)
        }
    }
}
