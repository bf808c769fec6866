import InferenceTypes

/// The 404 page: for a model name the server does not serve, or any other page path it does not have.
public enum NotFoundPage {
    /// The page; `model` is the name that was asked for, when the path was a model page.
    public static func render(path: String, model: String? = nil, site: WebSite, assets: WebAssets) -> HTML {
        let message: HTML = model.map { "This server serves no model called <code>\($0)</code>." }
            ?? "There is no page at <code>\(path)</code>."
        let names = site.models.prefix(12).map { m -> HTML in "<li><a href=\"\(m.pagePath)\"><code>\(m.name)</code></a></li>\n" }
        let body: HTML = """
            <div class="prose">
            <h1>Not found</h1>
            <p>\(message)</p>
            <p>Models served here:</p>
            <ul>
            \(names)</ul>
            <p>See <a href="/models">all models</a> or open the <a href="/playground">playground</a>.</p>
            </div>
            """
        return PageLayout.page(
            title: "Not found", description: "No such page on this Swiftlet server.", section: .none, assets: assets, body: body)
    }
}
