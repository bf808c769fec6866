import APICommon
import HTTPTypes
import Hummingbird
import Inference
import InferenceTypes
import Logging
import NIOCore

/// Writes a chat stream as Server-Sent Events through a `ResponseBody` writer.
///
/// Two child tasks feed one loop: one forwards the inference stream's items, the other ticks every keep-alive
/// interval. The loop encodes items into frames and writes them; on a tick with nothing written for a whole
/// interval (long prefill, queueing, slow thinking) it writes the encoder's keep-alive frame.
///
/// - Important: when a write fails (the client disconnected) the loop throws, the task group cancels the
///   forwarding task, and cancelling its iteration terminates the inference stream, which cancels the generation.
enum SSEResponse {
    private enum Signal: Sendable {
        case item(ChatStreamItem)
        case ended
        case failed(any Error)
        case tick
    }

    static func make<Encoder: SSEEncoder>(
        _ stream: ChatStream, encoder: Encoder, keepAlive: Duration, logger: Logger
    ) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[HeaderNames.cacheControl] = "no-cache"
        headers[HeaderNames.xAccelBuffering] = "no"
        let body = ResponseBody { writer in
            var encoder = encoder
            let (signals, continuation) = AsyncStream<Signal>.makeStream()
            do {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        do {
                            for try await item in stream { continuation.yield(.item(item)) }
                            continuation.yield(.ended)
                        } catch {
                            continuation.yield(.failed(error))
                        }
                    }
                    group.addTask {
                        while !Task.isCancelled {
                            try await Task.sleep(for: keepAlive)
                            continuation.yield(.tick)
                        }
                    }
                    var lastWrite = ContinuousClock.now
                    loop: for await signal in signals {
                        var frames: [StreamFrame]
                        var done = false
                        switch signal {
                        case .item(let item):
                            frames = encoder.encode(item)
                        case .ended:
                            frames = encoder.finish()
                            done = true
                        case .failed(let error):
                            let e = APIError.from(error)
                            logger.warning("stream failed after the first byte", metadata: ["error": .string(String(describing: error))])
                            frames = encoder.fail(e)
                            done = true
                        case .tick:
                            // Only when idle for (about) a whole interval; 5% slack for timer jitter.
                            frames = ContinuousClock.now - lastWrite >= keepAlive * 0.95 ? [encoder.keepAlive()] : []
                        }
                        if !frames.isEmpty {
                            try await writer.write(ByteBuffer(string: frames.map(\.encoded).joined()))
                            lastWrite = ContinuousClock.now
                        }
                        if done { break loop }
                    }
                    group.cancelAll()
                }
            } catch {
                continuation.finish()
                logger.info("client went away mid-stream; generation cancelled", metadata: ["error": .string(String(describing: error))])
                throw error
            }
            continuation.finish()
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
