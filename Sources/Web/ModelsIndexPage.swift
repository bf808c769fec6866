import InferenceTypes

/// `/models`: every name the server answers to, with prices, context length and capabilities.
public enum ModelsIndexPage {
    /// The page.
    public static func render(site: WebSite, assets: WebAssets) -> HTML {
        let rows = site.models.map { m -> HTML in
            let kind: HTML = m.isAlias
                ? "alias of <a href=\"\(site.model(named: m.model.id)?.pagePath ?? m.pagePath)\">\(m.model.id)</a>\(m.alwaysReasons ? ", reasons by default" : "")"
                : "\(m.model.displayName)"
            return """
                <tr>
                <th scope="row"><a href="\(m.pagePath)"><code>\(m.name)</code></a></th>
                <td>\(kind)</td>
                <td class="num">\(Formatting.grouped(m.contextLength))</td>
                <td class="num">\(price(m, \.inputPerMillion))</td>
                <td class="num">\(price(m, \.cachedInputPerMillion))</td>
                <td class="num">\(price(m, \.outputPerMillion))</td>
                <td>\(m.model.capabilities.joined(separator: ", "))\(m.alwaysReasons ? ", reasoning" : "")</td>
                <td><a href="/playground?model=\(WebModel.encodePath(m.name))">Try</a></td>
                </tr>

                """
        }
        let body: HTML = """
            <div class="prose wide">
            <h1>Models</h1>
            <p>\(site.servedModels.count == 1 ? "One model" : "\(site.servedModels.count) models") served at <code>\(site.baseURL)</code>, under \(site.models.count) names. Prices are in US dollars per million tokens; reasoning tokens are billed as output. The same list for agents: <a href="/llms.txt">llms.txt</a>.</p>
            <div class="table-scroll">
            <table>
            <caption class="visually-hidden">Served models and aliases</caption>
            <thead>
            <tr><th scope="col">Model id</th><th scope="col">What it is</th><th scope="col" class="num">Context (tokens)</th><th scope="col" class="num">Input / 1M</th><th scope="col" class="num">Cached input / 1M</th><th scope="col" class="num">Output / 1M</th><th scope="col">Capabilities</th><th scope="col"><span class="visually-hidden">Playground</span></th></tr>
            </thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            </div>
            """
        return PageLayout.page(
            title: "Models", description: "The models this Swiftlet server serves, with prices and context lengths.",
            section: .models, assets: assets, alternates: [("text/plain", "/llms.txt")], body: body)
    }

    private static func price(_ m: WebModel, _ field: KeyPath<TokenPricing, Double>) -> String {
        guard let p = m.pricing else { return "free" }
        return Formatting.dollars(p[keyPath: field])
    }
}
