import Inference
import InferenceTypes
import OpenAIAPI
import Storage

/// Stores a Responses API response (`store: true`) before its stream ends, so a client that saw
/// `response.completed` (or the non-streamed body) can retrieve and continue it at once.
///
/// The recorder folds the same stream items the encoder or the non-streaming fold sees, with its own
/// ``ResponseOutputAssembler``; item ids derive from the response id, so the stored output is the output the client
/// got. Nothing is stored for a stream that failed or whose client went away.
struct ResponseRecorder: Sendable {
    let store: any ResponseStore
    let envelope: ResponseEnvelope
    /// The key the response belongs to (nil: static keys and open servers).
    let keyID: String?
    /// Every input item: the continued conversation's, then the request's.
    let inputItems: [ResponseInputItem]
    let previousResponseID: String?
    /// Unix milliseconds.
    let createdAt: Int64

    /// `stream`, passed through, with the response stored before it ends; a store failure fails the stream.
    func wrap(_ stream: ChatStream) -> ChatStream {
        ChatStream { continuation in
            let pump = Task {
                var output = ResponseOutputAssembler(responseID: envelope.id)
                do {
                    for try await item in stream {
                        _ = output.add(item)
                        continuation.yield(item)
                    }
                    if !Task.isCancelled {
                        _ = output.close()
                        try await save(output)
                    }
                    continuation.finish()
                } catch {
                    continuation.finish(throwing: error)
                }
            }
            continuation.onTermination = { termination in
                if case .cancelled = termination { pump.cancel() }
            }
        }
    }

    private func save(_ output: ResponseOutputAssembler) async throws {
        let body = envelope.json(finished: output)
        let record = StoredResponse(
            id: envelope.id, keyID: keyID, model: envelope.model, status: body["status"]?.stringValue ?? "completed",
            previousResponseID: previousResponseID,
            inputItems: JSONValue.array(inputItems.map(\.json)).serialized(),
            outputItems: JSONValue.array(output.items.map(\.json)).serialized(), response: body.serialized(),
            createdAt: createdAt)
        let store = store
        // Its own task, so a departing client's cancellation cannot interrupt the write halfway.
        do {
            try await Task { try await store.saveResponse(record) }.value
        } catch {
            throw APIError.storeUnavailable(String(describing: error))
        }
    }
}
