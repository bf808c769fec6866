import AnthropicAPI
import HTTPTypes
public import Hummingbird
public import Inference
public import Logging
import InferenceTypes
import NIOCore
import ServiceLifecycle
import UnixSignals
import Storage
import Web

/// Builds the Swiftlet HTTP application around an inference service.
///
/// Routes (each also under the ModelsLab prefix `/api/v7/llm` where that dialect has it):
/// `POST /v1/chat/completions`, `POST /v1/chat/completions/input_tokens`, `POST /v1/completions`, `POST /v1/tokenize-text`, `POST /v1/messages`,
/// `POST /v1/messages/count_tokens`, `POST /v1/responses`, `GET`/`DELETE /v1/responses/{id}`,
/// `GET /v1/responses/{id}/input_items`, `GET /v1/models`, `GET /v1/models/{id}`, `GET /health`.
/// Middleware, outermost first: request id + log line, error rendering per API family, API keys, JSON body.
public func buildApplication(
    service: any InferenceService, configuration: ServerConfiguration, platform: Platform = Platform(), logger: Logger,
    state: ServerState? = nil
) -> some ApplicationProtocol {
    let state = state ?? ServerState(maxConnections: configuration.maxConnections)
    let router = buildRouter(service: service, configuration: configuration, platform: platform, state: state)
    let readLimit = TimeAmount.nanoseconds(Int64(configuration.requestReadTimeout / .nanoseconds(1)))
    let idle = TimeAmount.nanoseconds(Int64(configuration.idleTimeout / .nanoseconds(1)))
    // Per connection, in order: the connection cap, the request read deadline, the hang-up observer.
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [
                state.connections.handler(), RequestReadDeadline(limit: readLimit), ConnectionCloseObserver(),
            ],
            idleTimeout: idle)),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "swiftlet"),
        logger: logger
    )
}

/// The router alone (what in-process tests drive).
public func buildRouter(
    service: any InferenceService, configuration: ServerConfiguration, platform: Platform = Platform(),
    state: ServerState = ServerState()
) -> Router<AppRequestContext> {
    let signer = configuration.thinkingSecret.map { ThinkingSigner(secret: $0) } ?? ThinkingSigner.random()
    let authority = KeyAuthority(statics: StaticKeys(configuration.apiKeys), store: platform.store)
    let metrics = ServerMetrics()
    let handlers = APIHandlers(service: service, configuration: configuration, signer: signer, platform: platform,
        authority: authority, metrics: metrics, state: state)
    typealias Handler = @Sendable (APIHandlers) -> @Sendable (Request, AppRequestContext) async throws -> Response
    let lab = "/api/v7/llm"
    let routes: [(HTTPRequest.Method, String, Handler)] = [
        (.get, "/health", { $0.health }),
        (.get, "/ready", { $0.ready }),
        (.get, "/metrics", { $0.metricsText }),
        (.get, "/v1/models", { $0.listModels }),
        (.get, "/v1/models/**", { $0.getModel }),
        (.post, "/v1/chat/completions", { $0.chatCompletions }),
        (.post, "/v1/chat/completions/input_tokens", { $0.chatInputTokens }),
        (.post, "/v1/completions", { $0.textCompletions }),
        (.post, "/v1/tokenize-text", { $0.tokenizeText }),
        (.post, "/v1/messages", { $0.messages }),
        (.post, "/v1/responses", { $0.createResponse }),
        (.get, "/v1/responses/{id}", { $0.getResponse }),
        (.delete, "/v1/responses/{id}", { $0.deleteResponse }),
        (.get, "/v1/responses/{id}/input_items", { $0.listResponseInputItems }),
        (.post, "/v1/messages/count_tokens", { $0.countTokens }),
        (.post, "\(lab)/chat/completions", { $0.chatCompletions }),
        (.post, "\(lab)/v1/chat/completions", { $0.chatCompletions }),
        (.post, "\(lab)/v1/messages", { $0.messages }),
        (.post, "\(lab)/v1/messages/count_tokens", { $0.countTokens }),
        (.get, "\(lab)/v1/models", { $0.listModels }),
        (.get, "\(lab)/v1/models/**", { $0.getModel }),
        (.get, "/v1/me", { $0.me }),
        (.get, "/v1/me/usage", { $0.myUsage }),
        (.get, "/admin/keys", { $0.adminListKeys }),
        (.post, "/admin/keys", { $0.adminCreateKey }),
        (.get, "/admin/keys/{id}", { $0.adminGetKey }),
        (.post, "/admin/keys/{id}/revoke", { $0.adminRevokeKey }),
        (.post, "/admin/keys/{id}/top-up", { $0.adminTopUp }),
        (.get, "/admin/usage", { $0.adminUsage }),
        (.get, "/", { $0.playgroundPage }),
        (.get, "/playground", { $0.playgroundPage }),
        (.get, "/models", { $0.modelsPage }),
        (.get, "/models/**", { $0.modelPage }),
        (.get, "/llms.txt", { $0.llmsText }),
        (.get, "/usage", { $0.usagePage }),
        (.get, "/assets/{file}", { $0.asset }),
    ]
    var table = RouteTable()
    for (method, path, _) in routes { table.add(path, method.rawValue) }
    table.add("/openapi.json", HTTPRequest.Method.get.rawValue)
    let document = table.entries

    let router = Router(context: AppRequestContext.self)
    router.add(middleware: RequestIDMiddleware(metrics: metrics))
    router.add(middleware: ErrorMiddleware(routes: table, maxBodyBytes: configuration.maxBodyBytes,
        pageNotFound: { request in await handlers.pageNotFound(request) }))
    router.add(middleware: AuthMiddleware(authority: authority))
    router.add(middleware: JSONBodyMiddleware(maxBytes: configuration.maxBodyBytes, authority: authority))
    for (method, path, handler) in routes {
        let h = handler(handlers)
        router.on(RouterPath(path), method: method) { request, context in try await h(request, context) }
    }
    router.on("/openapi.json", method: .get) { request, _ in
        Response.json(OpenAPIDocument.make(routes: document, serverURL: OpenAPIDocument.serverURL(of: request)))
    }
    return router
}

/// Runs the server until SIGINT or SIGTERM, then shuts down gracefully: it stops accepting connections, `/ready`
/// turns 503, running requests (streams included) may finish for up to `configuration.shutdownGrace`, and whatever is
/// still running then is cancelled (its engine slot freed, its client's stream ended) before the process exits.
public func runServer(
    service: any InferenceService, configuration: ServerConfiguration, platform: Platform = Platform(), logger: Logger
) async throws {
    if configuration.apiKeys.isEmpty {
        let stored = (try? await platform.store?.keys().contains { $0.revokedAt == nil }) ?? false
        if !stored {
            logger.warning("no API keys configured: the server is open to anyone who can reach it (use --api-key, SWIFTLET_API_KEYS or `swiftlet keys create`)")
        }
    }
    if let store = platform.store {
        do {
            try await store.releaseReservations(instance: platform.instance, now: UnixTime.milliseconds())
        } catch {
            logger.warning("could not release this instance's old credit reservations", metadata: ["error": .string(error.description)])
        }
    }
    if let problem = WebAssets.installed.problem { logger.warning("web pages without styles and scripts: \(problem)") }
    let models = service.models().map(\.id).joined(separator: ", ")
    logger.info("serving", metadata: ["address": "\(configuration.host):\(configuration.port)", "models": "\(models)"])
    let state = ServerState(maxConnections: configuration.maxConnections)
    let app = buildApplication(service: service, configuration: configuration, platform: platform, logger: logger, state: state)
    var group = ServiceGroupConfiguration(
        services: [
            .init(service: app),
            .init(service: DrainWatcher(state: state), successTerminationBehavior: .ignore, serviceName: "drain-watcher"),
        ],
        logger: logger)
    group.gracefulShutdownSignals = [.sigterm, .sigint]
    group.maximumGracefulShutdownDuration = configuration.shutdownGrace
    group.maximumCancellationDuration = .seconds(10)
    try await ServiceGroup(configuration: group).run()
    logger.info("stopped")
}