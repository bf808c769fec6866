import Foundation
import Hummingbird
import Inference
import InferenceTypes
import Web

/// The web pages (no key needed; `AuthMiddleware.isPagePath`): `GET /` and `/playground` (the playground),
/// `/models` (every served name), `/models/{id}` (a model page; `{id}` may contain `/`), `/models/{id}.md`,
/// `/models/{id}/llms.txt`, `/llms.txt`, `/usage`, and their assets under `/assets/{file}`.
extension APIHandlers {
    func playgroundPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let site = await webSite(request)
        let selected = request.uri.queryParameters["model"].map(String.init)
        return .page(PlaygroundPage.render(site: site, assets: web, selected: selected))
    }

    func modelsPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .page(ModelsIndexPage.render(site: await webSite(request), assets: web))
    }

    /// `/models/{id}`, `/models/{id}.md` and `/models/{id}/llms.txt`; an unknown name is a 404 page.
    func modelPage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let site = await webSite(request)
        let rest = context.parameters.getCatchAll().joined(separator: "/").removingPercentEncoding ?? ""
        switch WebPageRequest.model(path: rest, site: site) {
        case .html(let entry): return .page(ModelPage.render(entry, site: site, assets: web))
        case .markdown(let entry): return .text(ModelMarkdown.render(entry, site: site), type: "text/markdown; charset=utf-8")
        case .llms(let entry): return .text(LLMsText.model(entry, site: site), type: "text/plain; charset=utf-8")
        case .unknown(let name):
            return .page(NotFoundPage.render(path: request.uri.path, model: name, site: site, assets: web), status: 404)
        }
    }

    func llmsText(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .text(LLMsText.site(await webSite(request)), type: "text/plain; charset=utf-8")
    }

    func usagePage(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        .page(UsagePage.render(site: await webSite(request), assets: web))
    }

    /// `/assets/{file}`, from memory, with an `ETag` (and a year of caching when the URL names the current version).
    func asset(_ request: Request, _ context: AppRequestContext) async throws -> Response {
        let name = try context.parameters.require("file")
        guard let file = web.asset(name) else {
            return .page(NotFoundPage.render(path: request.uri.path, site: await webSite(request), assets: web), status: 404)
        }
        let versioned = request.uri.queryParameters["v"].map(String.init) == file.version
        return .asset(file, notModified: request.headers[.ifNoneMatch] == "\"\(file.version)\"", immutable: versioned)
    }

    /// The 404 page for a browser asking for a path no route has (nil for API clients, which get JSON).
    func pageNotFound(_ request: Request) async -> Response? {
        guard request.method == .get, request.headers[.accept]?.contains("text/html") == true,
            !APIFamily.isAPIPath(request.uri.path)
        else { return nil }
        return .page(NotFoundPage.render(path: request.uri.path, site: await webSite(request), assets: web), status: 404)
    }

    /// The site as this request sees it: its base URL, every served name with its price, and whether keys are needed.
    func webSite(_ request: Request) async -> WebSite {
        var entries: [WebModel] = []
        for model in resolver.models {
            for name in [model.id] + model.aliases {
                entries.append(WebModel(name: name, model: model, alwaysReasons: resolver.resolve(name)?.alwaysReasons ?? false,
                    pricing: platform.prices.price(requested: name, model: model)))
            }
        }
        let open = try? await authority.isOpen(now: UnixTime.milliseconds())
        let defaultName = configuration.defaultModel.flatMap { name in resolver.resolve(name).map { _ in name } }
        return WebSite(baseURL: BaseURL.of(request, configuration: configuration), models: entries,
            defaultModel: defaultName ?? resolver.models.first?.id, keysRequired: open.map { !$0 })
    }
}

/// What a path below `/models/` asks for.
enum WebPageRequest: Equatable {
    case html(WebModel)
    case markdown(WebModel)
    case llms(WebModel)
    /// No served name matches; the name that was asked for.
    case unknown(String)

    /// Reads `path` (without the `/models/` prefix): a name first (names may end in `.md` or contain `/`), then a
    /// name with `.md` or `/llms.txt` after it.
    static func model(path: String, site: WebSite) -> WebPageRequest {
        if let entry = site.model(named: path) { return .html(entry) }
        if path.hasSuffix(".md"), let entry = site.model(named: String(path.dropLast(3))) { return .markdown(entry) }
        if path.hasSuffix("/llms.txt"), let entry = site.model(named: String(path.dropLast(9))) { return .llms(entry) }
        var name = path
        if name.hasSuffix(".md") { name.removeLast(3) } else if name.hasSuffix("/llms.txt") { name.removeLast(9) }
        return .unknown(name)
    }
}
