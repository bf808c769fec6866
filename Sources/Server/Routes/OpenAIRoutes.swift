import APICommon
import Hummingbird
import Inference
import InferenceTypes
import OpenAIAPI

/// `POST /v1/chat/completions` (and the ModelsLab alias), `POST /v1/completions`, `POST /v1/tokenize-text`.
extension APIHandlers {
    func chatCompletions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try ChatCompletionRequest(json: try context.requireJSON())
        let requested = dto.chat.model
        var chat = dto.chat
        let model = try route(&chat, for: context.caller)
        Self.logSettings(chat, requested: requested, stream: dto.stream, context: context)
        let constrained = Self.isConstrained(chat)
        context.record.update { $0.constrained = constrained }
        let header = OpenAIResponseHeader(
            id: Identifiers.chatCompletion(), created: Self.now(), model: requested, systemFingerprint: configuration.systemFingerprint
        )
        let (stream, bill) = try await generate(id: header.id, requested: requested, model: model, context: context,
            path: request.uri.path) { () async throws(InferenceError) in try await service.prepareChat(chat) }
        let options = openAIOptions(pricing: bill.pricing)
        var response: Response
        if dto.stream {
            let encoder = ChatCompletionStreamEncoder(header: header, options: options, choiceCount: chat.n, includeUsage: dto.includeUsage)
            response = SSEResponse.make(stream, encoder: encoder, keepAlive: configuration.keepAliveInterval, logger: context.logger)
        } else {
            let result = try await Self.collect(stream, channel: context.channel)
            response = .json(ChatCompletionResponse.json(result, header: header, options: options, logprobs: chat.sampling.logprobs))
        }
        return response.withRateLimits(bill.rateLimits, family: .openAI)
    }

    func textCompletions(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try TextCompletionRequest(json: try context.requireJSON())
        let requested = dto.completion.model
        let model = try resolve(requested, for: context.caller)
        var completion = dto.completion
        completion.model = model.id
        completion.cacheScope = context.caller.cacheScope
        let header = OpenAIResponseHeader(
            id: Identifiers.textCompletion(), created: Self.now(), model: requested, systemFingerprint: configuration.systemFingerprint
        )
        let (stream, bill) = try await generate(id: header.id, requested: requested, model: model, context: context,
            path: request.uri.path) { () async throws(InferenceError) in try await service.prepareCompletion(completion) }
        let options = openAIOptions(pricing: bill.pricing)
        var response: Response
        if dto.stream {
            let encoder = TextCompletionStreamEncoder(header: header, options: options, includeUsage: dto.includeUsage)
            response = SSEResponse.make(stream, encoder: encoder, keepAlive: configuration.keepAliveInterval, logger: context.logger)
        } else {
            let result = try await Self.collect(stream, channel: context.channel)
            response = .json(TextCompletionResponse.json(result, header: header, options: options))
        }
        return response.withRateLimits(bill.rateLimits, family: .openAI)
    }

    /// `POST /v1/chat/completions/input_tokens` (llama.cpp's extension): the prompt size of a chat request.
    func chatInputTokens(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try ChatCompletionRequest(json: try context.requireJSON())
        var chat = dto.chat
        _ = try route(&chat, for: context.caller)
        let n = try await Self.call { () async throws(InferenceError) in try await service.countTokens(chat) }
        return .json(.makeObject([("object", "response.input_tokens"), ("input_tokens", .int(Int64(n)))]))
    }

    func tokenizeText(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let dto = try TokenizeTextRequest(json: try context.requireJSON())
        let model = try resolve(dto.model, for: context.caller)
        // Bounded by the model's context: no token is shorter than a byte in the texts that matter, and a text of
        // more tokens than the context holds could never be a prompt. The body stays under ~100 bytes per token.
        let byteLimit = model.contextLength * 16
        guard dto.text.utf8.count <= byteLimit else {
            throw APIError.inference(.invalidRequest(parameter: "text",
                message: "text is \(dto.text.utf8.count) bytes; at most \(byteLimit) (16 × the model's context of \(model.contextLength) tokens)"))
        }
        let pieces = try await Self.call { () async throws(InferenceError) in try await service.tokenize(dto.text, model: model.id) }
        guard pieces.count <= model.contextLength else {
            throw APIError.inference(.invalidRequest(parameter: "text",
                message: "text is \(pieces.count) tokens, more than the model's context of \(model.contextLength)"))
        }
        return .json(TokenizeTextRequest.responseJSON(pieces))
    }
}
