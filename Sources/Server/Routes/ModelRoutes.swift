import Hummingbird
import Inference
import InferenceTypes
import OpenAIAPI

/// `GET /v1/models`, `GET /v1/models/{id}` (ids may contain `/`, e.g. `x-ai/grok-3-mini-beta`), `GET /health`.
extension APIHandlers {
    func listModels(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .json(ModelList.listJSON(resolver.models))
    }

    func getModel(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let id = context.parameters.getCatchAll().joined(separator: "/")
        return .json(ModelList.modelJSON(try resolve(id), id: id))
    }

    func health(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .json(.makeObject([("status", "ok"), ("models", .array(service.models().map { .string($0.id) }))]))
    }
}
