import NIOConcurrencyHelpers
import NIOCore

/// Watches one client connection for the client going away: its side of the connection closing (the server keeps
/// remote half-closure on, so a hang-up first shows as `ChannelEvent.inputClosed`) or the channel becoming inactive.
/// One per connection, in the pipeline after HTTP decoding; it only observes, and passes every part and event on.
///
/// Non-streaming handlers register a callback with ``onClose(_:)`` for the time they wait for the engine: they write
/// nothing until the answer is complete, so no failed write could tell them that nobody is waiting any more.
/// (An HTTP/1.1 client that half-closes its side on purpose and still waits for the answer would be cancelled too;
/// no mainstream client does that.)
///
/// - Important: pipeline callbacks run on the channel's event loop; ``onClose(_:)`` and ``remove(_:)`` may be called
///   from any thread (state behind a lock). Callbacks run on the event loop, or on the caller's thread when the
///   connection is already closed; they must be quick and thread-safe.
final class ConnectionCloseObserver: ChannelInboundHandler, RemovableChannelHandler, Sendable {
    typealias InboundIn = NIOAny

    private struct State {
        var closed = false
        var nextID = 0
        var callbacks: [Int: @Sendable () -> Void] = [:]
    }

    private let state = NIOLockedValueBox(State())

    /// Runs `callback` once when the connection closes (at once if it already has); returns a token for
    /// ``remove(_:)``, or `nil` when it already ran.
    func onClose(_ callback: @escaping @Sendable () -> Void) -> Int? {
        let id: Int? = state.withLockedValue { s in
            guard !s.closed else { return nil }
            s.nextID += 1
            s.callbacks[s.nextID] = callback
            return s.nextID
        }
        if id == nil { callback() }
        return id
    }

    /// Forgets a callback that is no longer needed (its request finished).
    func remove(_ id: Int) {
        _ = state.withLockedValue { $0.callbacks.removeValue(forKey: id) }
    }

    private func closed() {
        let callbacks = state.withLockedValue { s in
            s.closed = true
            defer { s.callbacks = [:] }
            return Array(s.callbacks.values)
        }
        for callback in callbacks { callback() }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if let event = event as? ChannelEvent, event == .inputClosed { closed() }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        closed()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        closed()
    }
}
