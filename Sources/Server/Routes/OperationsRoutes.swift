import Crypto
import HTTPTypes
import Hummingbird
import Inference
import InferenceTypes
import NIOCore
import Storage

/// `GET /ready` (models loaded, database reachable) and `GET /metrics` (Prometheus text; open unless `metricsKey` is
/// configured, then it wants `Authorization: Bearer <metricsKey>`).
extension APIHandlers {
    func ready(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let models = service.models().map(\.id)
        var database = "none"
        var ok = !models.isEmpty
        if let store = platform.store {
            do {
                _ = try await store.key(id: "")
                database = "ok"
            } catch {
                database = "unreachable"
                ok = false
            }
        }
        let draining = state.draining
        if draining { ok = false }
        let body: JSONValue = .makeObject([
            ("status", .string(draining ? "draining" : ok ? "ready" : "not_ready")), ("models", .array(models.map { .string($0) })),
            ("database", .string(database)),
        ])
        return .json(body, status: ok ? 200 : 503)
    }

    func metricsText(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        if let key = configuration.metricsKey {
            let presented = AuthMiddleware.headerKey(request) ?? ""
            // Digests compared, so the timing says nothing about the key.
            guard SHA256.hash(data: Array(presented.utf8)) == SHA256.hash(data: Array(key.utf8)) else {
                throw APIError.unauthorized("/metrics needs the metrics key as a Bearer token.")
            }
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
        let bytes = metrics.exposition(engines: service.statistics(),
            connections: (state.connections.current, state.connections.refused))
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
