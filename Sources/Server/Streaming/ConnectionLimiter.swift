import NIOConcurrencyHelpers
import NIOCore

/// Caps the connections served at once: a connection over `limit` is closed as soon as it opens, before it can send
/// anything, so a flood of idle sockets cannot take the file descriptors and memory the served clients need.
/// One ``ConnectionLimiter`` per server; ``handler()`` makes the per-connection handler that counts in and out.
final class ConnectionLimiter: Sendable {
    let limit: Int
    private let open = NIOLockedValueBox(0)
    fileprivate let refusedCount = NIOLockedValueBox(0)

    init(limit: Int) { self.limit = limit }

    /// Connections open now.
    var current: Int { open.withLockedValue { $0 } }

    /// Connections refused so far (for the metrics).
    var refused: Int { refusedCount.withLockedValue { $0 } }

    /// The handler for one new connection.
    func handler() -> Counter { Counter(limiter: self) }

    fileprivate func enter() -> Bool {
        open.withLockedValue { n in
            guard n < limit else { return false }
            n += 1
            return true
        }
    }

    fileprivate func leave() { open.withLockedValue { $0 -= 1 } }

    /// Counts one connection in when added and out when it goes; closes it at once when the server is full.
    final class Counter: ChannelInboundHandler, RemovableChannelHandler {
        typealias InboundIn = NIOAny
        private let limiter: ConnectionLimiter
        private var counted = false

        fileprivate init(limiter: ConnectionLimiter) { self.limiter = limiter }

        func handlerAdded(context: ChannelHandlerContext) {
            if limiter.enter() {
                counted = true
            } else {
                limiter.refusedCount.withLockedValue { $0 += 1 }
                context.close(promise: nil)
            }
        }

        func handlerRemoved(context: ChannelHandlerContext) {
            if counted {
                counted = false
                limiter.leave()
            }
        }
    }
}
