import AnthropicAPI
import Hummingbird
import Inference
import InferenceTypes
import Logging
import NIOCore
import OpenAIAPI
import Web

/// What every route handler shares: the service, the configuration and the model resolver.
struct APIHandlers: Sendable {
    let service: any InferenceService
    let configuration: ServerConfiguration
    /// Signs and verifies Anthropic thinking blocks (one key per server: configured, or random per process).
    let signer: ThinkingSigner
    /// Model names and aliases → served models (built once, from the service's models and the configured aliases).
    let resolver: ModelResolver
    /// The platform: store and prices.
    let platform: Platform
    /// Secrets → callers.
    let authority: KeyAuthority
    /// Admission and billing of generation requests.
    let accounting: Accounting
    /// The Prometheus registry behind `/metrics`.
    let metrics: ServerMetrics
    /// Draining or not; the connections.
    let state: ServerState
    /// The web pages' CSS, scripts and icon.
    let web: WebAssets

    init(
        service: any InferenceService, configuration: ServerConfiguration, signer: ThinkingSigner, platform: Platform,
        authority: KeyAuthority, metrics: ServerMetrics, state: ServerState, web: WebAssets = .installed
    ) {
        self.metrics = metrics
        self.state = state
        self.web = web
        self.service = service
        self.configuration = configuration
        self.signer = signer
        self.platform = platform
        self.authority = authority
        accounting = Accounting(store: platform.store, prices: platform.prices, instance: platform.instance)
        resolver = ModelResolver(
            served: service.models(), aliases: configuration.aliases, defaultModel: configuration.defaultModel)
    }

    /// The served model for a name the caller may use, or 404 `model_not_found` (a key scoped to other models gets
    /// OpenAI's 404 or Anthropic's 403).
    func resolve(_ name: String, for caller: Caller) throws -> ModelDescriptor {
        guard let r = resolver.resolve(name) else { throw APIError.modelNotFound(name) }
        guard caller.mayUse(requested: name, modelID: r.model.id) else { throw APIError.modelNotAllowed(name) }
        return r.model
    }

    /// Points `chat` at the served model its name resolves to, with the alias's rules applied
    /// (`ModelResolver.Resolution.apply`), if the caller may use it.
    func route(_ chat: inout ChatRequest, for caller: Caller) throws -> ModelDescriptor {
        guard let r = resolver.resolve(chat.model) else { throw APIError.modelNotFound(chat.model) }
        guard caller.mayUse(requested: chat.model, modelID: r.model.id) else { throw APIError.modelNotAllowed(chat.model) }
        r.apply(to: &chat)
        chat.cacheScope = caller.cacheScope
        return r.model
    }

    /// Logs, at debug level, the settings a chat request arrived with (as decoded, before the model's defaults fill
    /// what it left out): what a client such as the playground really sent, for whoever debugs it.
    static func logSettings(_ chat: ChatRequest, requested: String, stream: Bool, context: AppRequestContext) {
        guard context.logger.logLevel <= .debug else { return }
        let s = chat.sampling
        func explicit(_ field: SamplingFields, _ value: Double) -> Logger.MetadataValue {
            chat.explicitSampling.contains(field) ? .stringConvertible(value) : "default"
        }
        context.logger.debug("chat request", metadata: [
            "model": .string(requested), "messages": .stringConvertible(chat.messages.count),
            "system": .stringConvertible(chat.messages.first { $0.role == .system }.map { $0.text.count } ?? 0),
            "stream": .stringConvertible(stream),
            "temperature": explicit(.temperature, s.temperature), "top_p": explicit(.topP, s.topP),
            "max_tokens": chat.maxTokens.map { .stringConvertible($0) } ?? "default",
            "frequency_penalty": .stringConvertible(s.frequencyPenalty), "presence_penalty": .stringConvertible(s.presencePenalty),
            "reasoning_effort": .string(chat.reasoning.effort?.rawValue ?? "default"),
        ])
    }

    /// Whether a chat request's output is constrained by a grammar: a response format other than text, or a call
    /// that must be made (for `swiftlet_constrained_requests_total`).
    static func isConstrained(_ chat: ChatRequest) -> Bool {
        if case .text = chat.responseFormat {} else { return true }
        switch chat.toolChoice {
        case .required, .function: return !chat.tools.isEmpty
        case .none, .auto: return false
        }
    }

    func openAIOptions(pricing: TokenPricing?) -> OpenAIResponseOptions {
        OpenAIResponseOptions(
            reasoningInCompletionTokens: configuration.reasoningInCompletionTokens,
            emitReasoningAlias: configuration.emitReasoningAlias, pricing: pricing
        )
    }

    /// Prepares, admits and starts one generation: the service prepares it (errors that can be known up front are
    /// thrown here, unbilled), the platform admits it (rate limits, credit reservation), then it is queued with the
    /// bill's meter and its stream is wrapped so the ledger row is committed before the stream ends.
    func generate(
        id: String, requested: String, model: ModelDescriptor, context: AppRequestContext, path: String,
        prepare: () async throws(InferenceError) -> PendingGeneration
    ) async throws -> (ChatStream, Bill) {
        let arrivedAt = platform.clock()
        context.record.update {
            $0.requestedModel = requested
            $0.modelID = model.id
        }
        let pending = try await Self.call(prepare)
        let admitStart = ContinuousClock.now
        let bill = try await accounting.admit(caller: context.caller, id: id, requested: requested, model: model,
            route: path, pending: pending, arrivedAt: arrivedAt, record: context.record)
        let admitTime = ContinuousClock.now - admitStart
        context.logger.debug("admitted", metadata: [
            "key": .string(context.caller.logLabel), "response_id": .string(id),
            "admission_us": .stringConvertible(admitTime.components.seconds * 1_000_000 + admitTime.components.attoseconds / 1_000_000_000_000),
        ])
        let stream: ChatStream
        do {
            stream = bill.wrap(try pending.start(meter: bill.meter))
        } catch {
            await bill.abandon()
            throw APIError.inference(error)
        }
        guard pending.respondsAfterFirstItem else { return (stream, bill) }
        return (try await FirstItem.wait(for: stream, channel: context.channel), bill)
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
        try await fold(stream, channel: channel, into: ChatResultAccumulator()) { $0.add($1) }.result
    }

    /// Folds a whole stream into `initial` with `add`, as ``collect(_:channel:)`` does (and cancelled the same way).
    static func fold<State: Sendable>(
        _ stream: ChatStream, channel: any Channel, into initial: State,
        _ add: @escaping @Sendable (inout State, ChatStreamItem) -> Void
    ) async throws -> State {
        let fold = Task {
            var state = initial
            for try await item in stream { add(&state, item) }
            return state
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
