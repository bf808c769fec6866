import AnthropicAPI
import Hummingbird
import Inference
import InferenceTypes
import Logging
import OpenAIAPI

/// What every route handler shares: the service, the configuration and the model registry.
struct APIHandlers: Sendable {
    let service: any InferenceService
    let configuration: ServerConfiguration
    /// Signs and verifies Anthropic thinking blocks (one key per server: configured, or random per process).
    let signer: ThinkingSigner

    /// The registry, rebuilt per request so models the service loads later are seen.
    var registry: ModelRegistry { ModelRegistry(served: service.models(), configuration: configuration) }

    /// The served model for a requested name, or 404 `model_not_found`.
    func resolve(_ name: String) throws -> ModelDescriptor {
        guard let m = registry.resolve(name) else { throw APIError.modelNotFound(name) }
        return m
    }

    /// Points `chat` at the served model `name` resolves to, applying the persona's rules: the grok-3-mini names
    /// always reason (reasoning is on unless the request turned it off explicitly), as grok-3-mini does.
    func route(_ chat: inout ChatRequest) throws -> ModelDescriptor {
        let requested = chat.model
        let model = try resolve(requested)
        chat.model = model.id
        if ServerConfiguration.alwaysReasons(requested), chat.reasoning.enabled == nil {
            chat.reasoning.enabled = true
        }
        return model
    }

    func openAIOptions(for model: ModelDescriptor) -> OpenAIResponseOptions {
        OpenAIResponseOptions(
            reasoningInCompletionTokens: configuration.reasoningInCompletionTokens,
            emitReasoningAlias: configuration.emitReasoningAlias, pricing: model.pricing
        )
    }

    /// Unix time now.
    static func now() -> Int { UnixTime.seconds() }

    /// Folds a whole stream (non-streaming responses). A failure here still becomes an HTTP error status.
    static func collect(_ stream: ChatStream) async throws -> ChatResult {
        var accumulator = ChatResultAccumulator()
        do {
            for try await item in stream { accumulator.add(item) }
        } catch {
            throw APIError.from(error)
        }
        return accumulator.result
    }

    /// Calls the service, turning its typed error into an `APIError`.
    static func call<T>(_ body: () async throws(InferenceError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw APIError(error)
        }
    }

}
