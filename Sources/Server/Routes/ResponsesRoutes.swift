import APICommon
import Hummingbird
import Inference
import InferenceTypes
import OpenAIAPI
import Storage

/// The OpenAI Responses API: `POST /v1/responses` (streamed or not, stored unless `store: false`, continuing a
/// stored response with `previous_response_id`), and the stored responses of the caller's key:
/// `GET /v1/responses/{id}`, `DELETE /v1/responses/{id}`, `GET /v1/responses/{id}/input_items`.
///
/// A request goes through the chat pipeline: its items become chat messages (`ResponseConversation`), and it is
/// prepared, admitted, billed (ledger row id = the response id) and generated exactly as a chat completion is.
extension APIHandlers {
    func createResponse(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto: ResponsesRequest
        do {
            dto = try ResponsesRequest(json: try context.requireJSON())
        } catch let error as JSONFieldError {
            throw APIError.badRequest(error)
        }
        let keyID = context.caller.key?.id
        var history: [ResponseInputItem] = []
        if let previous = dto.previousResponseID {
            let stored = try await Self.responseStoreCall { () async throws(StoreError) in
                try await platform.responses.response(id: previous, keyID: keyID)
            }
            guard let stored else { throw APIError.previousResponseNotFound(previous) }
            do {
                history = try ResponseInputItem.list(fromStored: stored.inputItems)
                    + ResponseInputItem.list(fromStored: stored.outputItems)
            } catch {
                throw APIError.internalError
            }
        }
        var chat = dto.chat(history: history)
        let requested = chat.model
        let model = try route(&chat, for: context.caller)
        Self.logSettings(chat, requested: requested, stream: dto.stream, context: context)
        let id = Identifiers.response()
        let createdAt = UnixTime.milliseconds()
        let (generated, bill) = try await generate(id: id, requested: requested, model: model, context: context,
            path: request.uri.path) { () async throws(InferenceError) in try await service.prepareChat(chat) }
        let envelope = ResponseEnvelope(id: id, createdAt: Int(createdAt / 1000), model: requested, echo: dto.echo,
            pricing: bill.pricing)
        var stream = generated
        if dto.store {
            let recorder = ResponseRecorder(store: platform.responses, envelope: envelope, keyID: keyID,
                inputItems: history + dto.input, previousResponseID: dto.previousResponseID, createdAt: createdAt)
            stream = recorder.wrap(generated)
        }
        var response: Response
        if dto.stream {
            let encoder = ResponsesStreamEncoder(envelope: envelope)
            response = SSEResponse.make(stream, encoder: encoder, keepAlive: configuration.keepAliveInterval, logger: context.logger)
        } else {
            var output = try await Self.fold(stream, channel: context.channel, into: ResponseOutputAssembler(responseID: id)) {
                _ = $0.add($1)
            }
            _ = output.close()
            response = .json(envelope.json(finished: output))
        }
        return response.withRateLimits(bill.rateLimits, family: .openAI)
    }

    func getResponse(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let keyID = context.caller.key?.id
        let stored = try await Self.responseStoreCall { () async throws(StoreError) in
            try await platform.responses.response(id: id, keyID: keyID)
        }
        guard let stored, let body = try? JSONValue.parse(stored.response) else { throw Self.responseNotFound(id) }
        return .json(body)
    }

    func deleteResponse(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let keyID = context.caller.key?.id
        let deleted = try await Self.responseStoreCall { () async throws(StoreError) in
            try await platform.responses.deleteResponse(id: id, keyID: keyID)
        }
        guard deleted else { throw Self.responseNotFound(id) }
        return .json(ResponseItemPage.deleted(id: id))
    }

    func listResponseInputItems(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let keyID = context.caller.key?.id
        let text = try await Self.responseStoreCall { () async throws(StoreError) in
            try await platform.responses.responseInputItems(id: id, keyID: keyID)
        }
        guard let text, case .array(let items)? = try? JSONValue.parse(text) else { throw Self.responseNotFound(id) }
        let q = request.uri.queryParameters
        do {
            return .json(try ResponseItemPage.json(items: items, limit: q["limit"].map(String.init),
                order: q["order"].map(String.init), after: q["after"].map(String.init)))
        } catch {
            throw APIError.badRequest(error)
        }
    }

    static func responseNotFound(_ id: String) -> APIError { .notFound("Response with id '\(id)' not found.") }

    static func responseStoreCall<T>(_ body: () async throws(StoreError) -> T) async throws -> T {
        do { return try await body() } catch { throw APIError.storeUnavailable(error.description) }
    }
}
