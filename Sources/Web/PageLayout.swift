/// The document every page shares: head (styles, icon, scripts: all from `/assets`, nothing inline), the header with
/// the site's navigation, the main content and a footer.
public enum PageLayout {
    /// Which navigation entry is the current page.
    public enum Section: String, Sendable {
        case playground, models, usage, none
    }

    /// The Content-Security-Policy every page is sent with: everything from this server only, no inline script or
    /// style, no frames, no plugins.
    public static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    /// A whole page.
    ///
    /// - Parameters:
    ///   - title: the `<title>` (the site's name is appended).
    ///   - description: the `<meta name="description">`.
    ///   - scripts: asset names to load (deferred, in order) after the shared `site.js`.
    ///   - alternates: links to other formats of the same page (`text/markdown`, `text/plain`), by URL path.
    public static func page(
        title: String, description: String, section: Section, assets: WebAssets, scripts: [String] = [],
        alternates: [(type: String, path: String)] = [], body: HTML
    ) -> HTML {
        let scriptTags = (["site.js"] + scripts).map { name -> HTML in
            "<script src=\"\(assets.path(name))\" defer></script>\n"
        }
        let links = alternates.map { link -> HTML in "<link rel=\"alternate\" type=\"\(link.type)\" href=\"\(link.path)\">\n" }
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="color-scheme" content="light dark">
            <meta name="description" content="\(description)">
            <title>\(title) · Swiftlet</title>
            <link rel="icon" href="\(assets.path("favicon.svg"))" type="image/svg+xml">
            <link rel="stylesheet" href="\(assets.path("style.css"))">
            \(links)\(scriptTags)</head>
            <body>
            <a class="skip" href="#main">Skip to content</a>
            <header class="site-header">
            <a class="brand" href="/"><img src="\(assets.path("favicon.svg"))" alt="" width="22" height="22"> Swiftlet</a>
            <nav aria-label="Site">
            <ul>
            \(item("/playground", "Playground", section == .playground))
            \(item("/models", "Models", section == .models))
            \(item("/usage", "Usage", section == .usage))
            <li><a href="/llms.txt">llms.txt</a></li>
            </ul>
            </nav>
            </header>
            <main id="main">
            \(body)
            </main>
            <footer class="site-footer">
            <p>Served by Swiftlet, a self-hosted OpenAI- and Anthropic-compatible API. Pages: <a href="/models">models</a>, <a href="/llms.txt">llms.txt</a>, <a href="/usage">usage</a>.</p>
            </footer>
            </body>
            </html>

            """
    }

    private static func item(_ path: String, _ label: String, _ current: Bool) -> HTML {
        current
            ? "<li><a href=\"\(path)\" aria-current=\"page\">\(label)</a></li>"
            : "<li><a href=\"\(path)\">\(label)</a></li>"
    }

    /// Text with `code spans` in backticks, escaped, the spans as `<code>`.
    public static func inline(_ text: String) -> HTML {
        var parts: [HTML] = []
        for (i, piece) in text.split(separator: "`", omittingEmptySubsequences: false).enumerated() {
            parts.append(i % 2 == 1 ? "<code>\(String(piece))</code>" : "\(String(piece))")
        }
        return HTML.join(parts)
    }

    /// A `<pre>` code block with a copy button (the button works with JavaScript; the code is selectable without).
    public static func codeBlock(_ code: String, language: String, label: String, testID: String? = nil) -> HTML {
        let id: HTML = testID.map { " data-testid=\"\($0)\"" } ?? ""
        return """
            <div class="code">
            <button type="button" class="copy" data-copy-label="\(label)" hidden>Copy</button>
            <pre><code class="language-\(language)"\(id)>\(code)</code></pre>
            </div>
            """
    }
}
