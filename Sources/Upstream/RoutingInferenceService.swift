public import Inference
public import InferenceTypes

/// Several inference services behind one: each request goes to the service that serves its model id (the local
/// engine's models, the upstream models). The first service to list an id serves it.
public final class RoutingInferenceService: InferenceService {
    private let services: [any InferenceService]
    /// Model id → index in `services`.
    private let owner: [String: Int]
    private let all: [ModelDescriptor]

    /// Routes over `services`, in order.
    public init(_ services: [any InferenceService]) {
        self.services = services
        var owner: [String: Int] = [:]
        var all: [ModelDescriptor] = []
        for (i, s) in services.enumerated() {
            for m in s.models() where owner[m.id] == nil {
                owner[m.id] = i
                all.append(m)
            }
        }
        self.owner = owner
        self.all = all
    }

    public func models() -> [ModelDescriptor] { all }

    private func service(_ model: String) throws(InferenceError) -> any InferenceService {
        guard let i = owner[model] else { throw .modelNotFound(model) }
        return services[i]
    }

    public func prepareChat(_ request: ChatRequest) async throws(InferenceError) -> PendingGeneration {
        try await service(request.model).prepareChat(request)
    }

    public func prepareCompletion(_ request: CompletionRequest) async throws(InferenceError) -> PendingGeneration {
        try await service(request.model).prepareCompletion(request)
    }

    public func countTokens(_ request: ChatRequest) async throws(InferenceError) -> Int {
        try await service(request.model).countTokens(request)
    }

    public func tokenize(_ text: String, model: String) async throws(InferenceError) -> [TokenPiece] {
        try await service(model).tokenize(text, model: model)
    }

    public func statistics() -> [String: EngineStatistics] {
        services.reduce(into: [:]) { acc, s in acc.merge(s.statistics()) { first, _ in first } }
    }
}
