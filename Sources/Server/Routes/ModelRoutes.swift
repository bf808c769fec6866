import Hummingbird
import Inference
import InferenceTypes
import OpenAIAPI
import Storage

/// `GET /v1/models`, `GET /v1/models/{id}` (ids may contain `/`, e.g. `x-ai/grok-3-mini-beta`), `GET /health`.
extension APIHandlers {
    /// The models and aliases the caller may use (a scoped key sees only its own).
    func listModels(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let caller = context.caller
        let visible: [ModelDescriptor] = resolver.models.compactMap { m in
            guard caller.key?.models != nil else { return m }
            var m = m
            m.aliases = m.aliases.filter { caller.mayUse(requested: $0, modelID: m.id) }
            return caller.mayUse(requested: m.id, modelID: m.id) || !m.aliases.isEmpty ? m : nil
        }
        return .json(ModelList.listJSON(visible))
    }

    func getModel(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = context.parameters.getCatchAll().joined(separator: "/")
        return .json(ModelList.modelJSON(try resolve(id, for: context.caller), id: id))
    }

    func health(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .json(.makeObject([("status", "ok"), ("models", .array(service.models().map { .string($0.id) }))]))
    }
}
