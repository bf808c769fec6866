import AnthropicAPI
import Hummingbird
import Inference
import InferenceTypes
import Logging
import NIOCore
import OpenAIAPI

/// What every route handler shares: the service, the configuration and the model resolver.
struct APIHandlers: Sendable {
    let service: any InferenceService
    let configuration: ServerConfiguration
    /// Signs and verifies Anthropic thinking blocks (one key per server: configured, or random per process).
    let signer: ThinkingSigner
    /// Model names and aliases → served models (built once, from the service's models and the configured aliases).
    let resolver: ModelResolver

    init(service: any InferenceService, configuration: ServerConfiguration, signer: ThinkingSigner) {
        self.service = service
        self.configuration = configuration
        self.signer = signer
        resolver = ModelResolver(
            served: service.models(), aliases: configuration.aliases, defaultModel: configuration.defaultModel)
    }

    /// The served model for a requested name, or 404 `model_not_found`.
    func resolve(_ name: String) throws -> ModelDescriptor {
        guard let r = resolver.resolve(name) else { throw APIError.modelNotFound(name) }
        return r.model
    }

    /// Points `chat` at the served model its name resolves to, with the alias's rules applied
    /// (`ModelResolver.Resolution.apply`).
    func route(_ chat: inout ChatRequest) throws -> ModelDescriptor {
        guard let r = resolver.resolve(chat.model) else { throw APIError.modelNotFound(chat.model) }
        r.apply(to: &chat)
        return r.model
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
    ///
    /// - Important: the fold runs in its own task, cancelled when the client's connection closes (seen by the
    ///   connection's ``ConnectionCloseObserver``) or when the handler's task is cancelled; cancelling the iteration
    ///   terminates the stream, which cancels the generation and frees its slot, as a failed write does for a
    ///   streaming response.
    static func collect(_ stream: ChatStream, channel: any Channel) async throws -> ChatResult {
        let fold = Task {
            var accumulator = ChatResultAccumulator()
            for try await item in stream { accumulator.add(item) }
            return accumulator.result
        }
        let observer = try? await channel.pipeline.handler(type: ConnectionCloseObserver.self).get()
        let token = observer?.onClose { fold.cancel() }
        defer { if let observer, let token { observer.remove(token) } }
        do {
            return try await withTaskCancellationHandler { try await fold.value } onCancel: { fold.cancel() }
        } catch {
            throw APIError.from(error)
        }
    }

    /// Calls the service, turning its typed error into an `APIError`.
    static func call<T>(_ body: () async throws(InferenceError) -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw APIError.inference(error)
        }
    }

}
