import Inference
import InferenceTypes
import NIOCore

/// Waits for a stream's first item before the response is committed to a status: what an upstream model's response
/// does, so a request no upstream answered is an HTTP error in the caller's shape, not an error event after a 200.
enum FirstItem {
    private enum Signal: Sendable {
        case arrived
        case failed(any Error)
    }

    /// The same stream, once its first item arrived (or it ended empty); throws the stream's error when it failed
    /// before any item.
    ///
    /// - Important: a pump task forwards the items; dropping the returned stream cancels it (and so the generation).
    ///   While waiting, the connection's close (seen by its ``ConnectionCloseObserver``) or the handler's
    ///   cancellation cancels it too.
    static func wait(for stream: ChatStream, channel: any Channel) async throws -> ChatStream {
        let (out, continuation) = ChatStream.makeStream()
        let (signals, signal) = AsyncStream<Signal>.makeStream()
        let pump = Task {
            var first = true
            do {
                for try await item in stream {
                    continuation.yield(item)
                    if first {
                        first = false
                        signal.yield(.arrived)
                    }
                }
                continuation.finish()
                signal.yield(.arrived)
            } catch {
                signal.yield(.failed(error))
                continuation.finish(throwing: error)
            }
            signal.finish()
        }
        continuation.onTermination = { _ in pump.cancel() }
        let observer = try? await channel.pipeline.handler(type: ConnectionCloseObserver.self).get()
        let token = observer?.onClose { pump.cancel() }
        defer { if let observer, let token { observer.remove(token) } }
        let outcome = await withTaskCancellationHandler {
            var iterator = signals.makeAsyncIterator()
            return await iterator.next()
        } onCancel: {
            pump.cancel()
        }
        switch outcome {
        case .failed(let error)?:
            throw APIError.from(error)
        case .arrived?:
            return out
        case nil:
            throw APIError.inference(.cancelled)
        }
    }
}
