import APICommon
import AnthropicAPI
import Hummingbird
import Inference
import InferenceTypes

/// `POST /v1/messages` and `POST /v1/messages/count_tokens` (and their ModelsLab aliases).
extension APIHandlers {
    func messages(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try MessagesRequest(json: try context.requireJSON())
        try dto.verifyThinkingSignatures(with: signer)
        let requested = dto.chat.model
        var chat = dto.chat
        _ = try route(&chat)
        let stream = try await Self.call { () async throws(InferenceError) in try await service.chat(chat) }
        let id = Identifiers.message()
        if dto.stream {
            let encoder = MessagesStreamEncoder(id: id, model: requested, signer: signer)
            return SSEResponse.make(stream, encoder: encoder, keepAlive: configuration.keepAliveInterval, logger: context.logger)
        }
        let result = try await Self.collect(stream, channel: context.channel)
        return .json(MessagesResponse.json(result, id: id, model: requested, signer: signer))
    }

    func countTokens(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try MessagesRequest(json: try context.requireJSON(), requireMaxTokens: false)
        var chat = dto.chat
        _ = try route(&chat)
        let n = try await Self.call { () async throws(InferenceError) in try await service.countTokens(chat) }
        return .json(MessagesResponse.countTokensJSON(n))
    }
}
