import InferenceTypes

/// `/models/{id}`: one name's page: the id to copy, prices, context length, this server's endpoints, Claude Code
/// set-up, quick-start code, features and FAQ. Plain HTML (the copy buttons are the only thing scripts add).
public enum ModelPage {
    /// The quick-start snippets, in page order (Claude Code has its own section).
    static let quickStart: [Snippet] = [.python, .openai, .javascript, .curl, .php, .anthropic]

    /// The page for `entry`.
    public static func render(_ entry: WebModel, site: WebSite, assets: WebAssets) -> HTML {
        let facts = ModelFacts(entry, on: site)
        let settings = SnippetSettings(baseURL: site.baseURL, model: entry.name)
        let snippets = quickStart.map { s -> HTML in
            """
            <h3>\(s.title)</h3>
            \(PageLayout.codeBlock(s.code(settings), language: s.language, label: s.title, testID: "snippet-" + s.rawValue))

            """
        }
        let features = facts.features.map { f -> HTML in "<li>\(PageLayout.inline(f))</li>\n" }
        let questions = facts.questions.map { q -> HTML in
            "<details>\n<summary>\(q.question)</summary>\n<p>\(PageLayout.inline(q.answer))</p>\n</details>\n"
        }
        let body: HTML = """
            <article class="prose">
            <p class="crumbs"><a href="/models">Models</a> / <span>\(entry.name)</span></p>
            <h1>\(entry.name)</h1>
            <p class="lead">\(facts.summary)</p>
            <div class="copy-field">
            <label for="model-id">Model id</label>
            <input id="model-id" data-testid="model-id" type="text" readonly value="\(entry.name)">
            <button type="button" class="copy" data-copy-target="model-id" hidden>Copy</button>
            </div>
            <p class="links"><a class="button" href="/playground?model=\(WebModel.encodePath(entry.name))">Open in the playground</a> <a href="\(entry.pagePath).md">Markdown</a> <a href="\(entry.pagePath)/llms.txt">llms.txt</a></p>
            \(factList(entry, site: site))
            <h2 id="endpoints">API endpoints</h2>
            <p>Base URL <code>\(site.baseURL)</code>. Send the key as <code>Authorization: Bearer YOUR_API_KEY</code> or <code>x-api-key</code>.</p>
            \(endpointTable(site))
            <h2 id="claude-code">Use with Claude Code</h2>
            <p>Claude Code talks to the Anthropic-compatible Messages endpoint. Set these, then run <code>claude</code>:</p>
            \(PageLayout.codeBlock(Snippet.claudeCode.code(settings), language: "bash", label: "Claude Code", testID: "snippet-claude-code"))
            <h2 id="quick-start">Quick start</h2>
            <p>Each runs as shown against this server; replace <code>\(SnippetSettings.keyPlaceholder)</code> with your key. The <a href="/playground?model=\(WebModel.encodePath(entry.name))">playground</a> writes the same code for any settings.</p>
            \(snippets)<h2 id="features">Features</h2>
            <ul>
            \(features)</ul>
            <h2 id="faq">FAQ</h2>
            \(questions)</article>
            """
        return PageLayout.page(
            title: entry.name, description: facts.summary, section: .models, assets: assets,
            alternates: [("text/markdown", entry.pagePath + ".md"), ("text/plain", entry.pagePath + "/llms.txt")],
            body: body)
    }

    private static func factList(_ m: WebModel, site: WebSite) -> HTML {
        let p = m.pricing
        let served = site.model(named: m.model.id) ?? m
        let others = ([served] + site.aliases(of: served)).filter { $0.name != m.name }.map { a -> HTML in
            "<a href=\"\(a.pagePath)\"><code>\(a.name)</code></a>"
        }
        let servedLink: HTML = m.isAlias
            ? "<a href=\"\(site.model(named: m.model.id)?.pagePath ?? m.pagePath)\"><code>\(m.model.id)</code></a> (\(m.model.displayName))"
            : "\(m.model.displayName)"
        return """
            <dl class="facts-list">
            <dt>Served model</dt><dd>\(servedLink)</dd>
            <dt>Context length</dt><dd data-testid="context-length">\(Formatting.context(m.contextLength))</dd>
            <dt>Input price</dt><dd data-testid="price-input">\(p.map { Formatting.dollars($0.inputPerMillion) } ?? "free") / 1M tokens</dd>
            <dt>Cached input price</dt><dd>\(p.map { Formatting.dollars($0.cachedInputPerMillion) } ?? "free") / 1M tokens</dd>
            <dt>Output price</dt><dd data-testid="price-output">\(p.map { Formatting.dollars($0.outputPerMillion) } ?? "free") / 1M tokens (reasoning included)</dd>
            <dt>Reasoning</dt><dd>\(m.alwaysReasons ? "on by default" : "on request (reasoning_effort)")</dd>
            <dt>Capabilities</dt><dd>\(m.model.capabilities.isEmpty ? "chat" : m.model.capabilities.joined(separator: ", "))</dd>
            <dt>Other names</dt><dd>\(others.isEmpty ? "none" : HTML.join(others, separator: ", "))</dd>
            </dl>
            """
    }

    /// The endpoints with this server's URLs.
    static func endpointTable(_ site: WebSite) -> HTML {
        let rows = WebEndpoint.all.map { e -> HTML in
            "<tr><td>\(e.family)</td><td>\(e.title)</td><td><code>\(e.method) \(e.url(on: site))</code></td></tr>\n"
        }
        return """
            <div class="table-scroll">
            <table>
            <thead><tr><th scope="col">API</th><th scope="col">Endpoint</th><th scope="col">Method and URL</th></tr></thead>
            <tbody>
            \(rows)</tbody>
            </table>
            </div>
            """
    }
}
