import APICommon
import AnthropicAPI
import Hummingbird
import Inference
import InferenceTypes

/// `POST /v1/messages` and `POST /v1/messages/count_tokens` (and their ModelsLab aliases).
extension APIHandlers {
    func messages(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try MessagesRequest(json: try context.requireJSON())
        let requested = dto.chat.model
        var chat = dto.chat
        let model = try route(&chat, for: context.caller)
        Self.logSettings(chat, requested: requested, stream: dto.stream, context: context)
        let signer = signer.bound(to: model.id)
        try dto.verifyThinkingSignatures(with: signer)
        let constrained = Self.isConstrained(chat)
        context.record.update { $0.constrained = constrained }
        let id = Identifiers.message()
        let (stream, bill) = try await generate(id: id, requested: requested, model: model, context: context,
            path: request.uri.path) { () async throws(InferenceError) in try await service.prepareChat(chat) }
        var response: Response
        if dto.stream {
            let encoder = MessagesStreamEncoder(id: id, model: requested, signer: signer, pricing: bill.pricing)
            response = SSEResponse.make(stream, encoder: encoder, keepAlive: configuration.keepAliveInterval, logger: context.logger)
        } else {
            let result = try await Self.collect(stream, channel: context.channel)
            response = .json(MessagesResponse.json(result, id: id, model: requested, signer: signer, pricing: bill.pricing))
        }
        return response.withRateLimits(bill.rateLimits, family: .anthropic)
    }

    func countTokens(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try MessagesRequest(json: try context.requireJSON(), requireMaxTokens: false)
        var chat = dto.chat
        _ = try route(&chat, for: context.caller)
        let n = try await Self.call { () async throws(InferenceError) in try await service.countTokens(chat) }
        return .json(MessagesResponse.countTokensJSON(n))
    }
}
