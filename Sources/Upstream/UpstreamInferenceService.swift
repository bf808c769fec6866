import APICommon
public import Inference
public import InferenceTypes
public import Logging

/// The inference service of upstream models: each chat request is translated to its upstream's wire format, sent
/// over the shared transport (``UpstreamCall``: failover, circuit breakers, timeouts) and its reply translated back
/// into the same chat stream a local model gives, so both API front ends, metering and the ledger work unchanged.
///
/// A pending request reserves credit for its estimated prompt (``TokenEstimate``) and its output cap, and is billed
/// with the upstream's usage. Its HTTP response waits for the first item (`respondsAfterFirstItem`), so a request no
/// upstream URL answers is an HTTP 502/503/504 in the caller's shape.
public final class UpstreamInferenceService: InferenceService {
    private struct Entry: Sendable {
        let model: UpstreamModel
        let dialect: any UpstreamDialect
        let pool: EndpointPool
    }

    private let entries: [String: Entry]
    private let descriptors: [ModelDescriptor]
    private let transport: any UpstreamTransport
    private let logger: Logger

    /// Serves the models of `configuration` through `transport`; `clock` drives the circuit breakers (tests inject
    /// one).
    public init(configuration: UpstreamConfiguration, transport: any UpstreamTransport, logger: Logger, created: Int,
        clock: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now })
    {
        var entries: [String: Entry] = [:]
        for m in configuration.models where entries[m.id] == nil {
            entries[m.id] = Entry(model: m, dialect: m.api.dialect, pool: EndpointPool(urls: m.urls, policy: m.breaker, clock: clock))
        }
        self.entries = entries
        descriptors = configuration.models.map { $0.descriptor(created: created) }
        self.transport = transport
        self.logger = logger
    }

    public func models() -> [ModelDescriptor] { descriptors }

    private func entry(_ id: String) throws(InferenceError) -> Entry {
        guard let e = entries[id] else { throw .modelNotFound(id) }
        return e
    }

    public func prepareChat(_ request: ChatRequest) async throws(InferenceError) -> PendingGeneration {
        let e = try entry(request.model)
        // The cap always goes up: an engine's own default (often the whole context) could outrun the credit
        // reservation, which assumes this one.
        var request = request
        if request.maxTokens == nil { request.maxTokens = e.model.defaultMaxTokens }
        let (path, json) = try e.dialect.chatRequest(request, model: e.model)
        return try pending(e, path: path, json: json, prompt: TokenEstimate.prompt(request),
            maxGenerated: (request.maxTokens ?? e.model.defaultMaxTokens) * max(1, request.n))
    }

    public func prepareCompletion(_ request: CompletionRequest) async throws(InferenceError) -> PendingGeneration {
        let e = try entry(request.model)
        var request = request
        if request.maxTokens == nil { request.maxTokens = e.model.defaultMaxTokens }
        let (path, json) = try e.dialect.completionRequest(request, model: e.model)
        return try pending(e, path: path, json: json, prompt: max(1, TokenEstimate.tokens(request.prompt)),
            maxGenerated: (request.maxTokens ?? e.model.defaultMaxTokens) * max(1, request.n))
    }

    /// A request to `e`'s upstream that has not gone out yet.
    private func pending(_ e: Entry, path: String, json: JSONValue, prompt: Int, maxGenerated: Int)
        throws(InferenceError) -> PendingGeneration
    {
        guard prompt <= e.model.contextLength else {
            throw .contextOverflow(promptTokens: prompt, limit: e.model.contextLength)
        }
        var body: [UInt8] = []
        json.write(into: &body)
        let call = UpstreamCall(model: e.model, dialect: e.dialect, pool: e.pool, transport: transport, path: path,
            body: body, promptTokens: prompt, logger: logger)
        return PendingGeneration(promptTokens: prompt, maxGeneratedTokens: maxGenerated, respondsAfterFirstItem: true) { meter in
            ChatStream { continuation in
                let task = Task { await call.run(into: continuation, meter: meter) }
                continuation.onTermination = { _ in task.cancel() }
            }
        }
    }

    /// An estimate (``TokenEstimate``): the upstream's tokenizer is not at hand.
    public func countTokens(_ request: ChatRequest) async throws(InferenceError) -> Int {
        _ = try entry(request.model)
        return TokenEstimate.prompt(request)
    }

    public func tokenize(_ text: String, model: String) async throws(InferenceError) -> [TokenPiece] {
        _ = try entry(model)
        throw .invalidRequest(parameter: "model", message: "`\(model)` is served by an upstream, whose tokenizer is not available here")
    }
}
