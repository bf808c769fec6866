import ServiceLifecycle
import Synchronization

/// What a running server knows about itself beyond any one request: whether it is draining after a shutdown signal
/// (`/ready` then answers 503 so a load balancer stops sending), and its connections (``ConnectionLimiter``).
public final class ServerState: Sendable {
    let connections: ConnectionLimiter
    private let drainingFlag = Atomic<Bool>(false)

    /// A server that holds at most `maxConnections` connections at once.
    public init(maxConnections: Int = ServerConfiguration().maxConnections) {
        connections = ConnectionLimiter(limit: maxConnections)
    }

    /// A shutdown signal has come: running requests finish (up to the grace period), no new ones are wanted.
    public var draining: Bool { drainingFlag.load(ordering: .acquiring) }

    func startDraining() { drainingFlag.store(true, ordering: .releasing) }
}

/// Marks the server as draining as soon as the service group starts a graceful shutdown. Listed after the HTTP
/// server in the group, so it hears the shutdown first (services are shut down in reverse order).
struct DrainWatcher: Service {
    let state: ServerState

    func run() async throws {
        try? await gracefulShutdown()
        state.startDraining()
    }
}
