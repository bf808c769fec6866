import InferenceTypes

/// `/models/{id}.md`: the model page as markdown (the same facts, endpoints, snippets, features and FAQ), followed by
/// every other name the server serves, each with its id, prices and context length.
public enum ModelMarkdown {
    /// The markdown page of `entry`.
    public static func render(_ entry: WebModel, site: WebSite) -> String {
        let facts = ModelFacts(entry, on: site)
        let settings = SnippetSettings(baseURL: site.baseURL, model: entry.name)
        var out = "# \(entry.name)\n\n> \(facts.summary)\n\n"
        out += factLines(entry, site: site).map { "- \($0)\n" }.joined() + "\n"
        out += "## API endpoints\n\n" + endpointsIntro(site) + "\n\n" + endpointTable(site) + "\n"
        out += "## Use with Claude Code\n\nClaude Code talks to the Anthropic-compatible Messages endpoint. Set these, then run `claude`:\n\n"
        out += Markdown.fenced(Snippet.claudeCode.code(settings), language: "bash") + "\n"
        out += "## Quick start\n\nEach runs as shown against this server; replace `\(SnippetSettings.keyPlaceholder)` with your key.\n\n"
        for s in ModelPage.quickStart {
            out += "### \(s.title)\n\n" + Markdown.fenced(s.code(settings), language: s.language) + "\n"
        }
        out += "## Features\n\n" + facts.features.map { "- \($0)\n" }.joined() + "\n"
        out += "## FAQ\n\n" + facts.questions.map { "### \($0.question)\n\n\($0.answer)\n\n" }.joined()
        out += "## All models on this server\n\n" + modelLines(site).map { "- \($0)\n" }.joined()
        return out
    }

    /// The facts of a name as list items (id, served model, context, prices, reasoning, capabilities, links).
    static func factLines(_ m: WebModel, site: WebSite) -> [String] {
        var lines = [
            "Model id: \(Markdown.code(m.name))",
            "Served model: \(Markdown.code(m.model.id)) (\(m.model.displayName))\(m.isAlias ? "; this name is an alias of it" : "")",
            "Context length: \(Formatting.context(m.contextLength))",
            "Prices: \(Formatting.prices(m.pricing)) (reasoning tokens are billed as output)",
            "Reasoning: \(m.alwaysReasons ? "on by default (`reasoning_effort: \"none\"` turns it off)" : "on request (`reasoning_effort`)")",
            "Capabilities: \(m.model.capabilities.isEmpty ? "chat" : m.model.capabilities.joined(separator: ", "))",
        ]
        let served = site.model(named: m.model.id) ?? m
        let others = ([served] + site.aliases(of: served)).filter { $0.name != m.name }.map { Markdown.code($0.name) }
        if !others.isEmpty { lines.append("Other names for the same model: \(others.joined(separator: ", "))") }
        lines.append("Page: \(site.baseURL)\(m.pagePath) · Playground: \(site.baseURL)/playground?model=\(WebModel.encodePath(m.name))")
        return lines
    }

    static func endpointsIntro(_ site: WebSite) -> String {
        "Base URL: \(Markdown.code(site.baseURL)) (OpenAI SDKs: \(Markdown.code(site.baseURL + "/v1"))). "
            + "Authentication: `Authorization: Bearer YOUR_API_KEY` or `x-api-key: YOUR_API_KEY`"
            + (site.keysRequired == false ? " (this server is open: any key or none is accepted)." : ".")
    }

    /// The endpoint table with this server's URLs.
    static func endpointTable(_ site: WebSite) -> String {
        var out = "| API | Endpoint | Method and URL |\n|---|---|---|\n"
        for e in WebEndpoint.all {
            out += "| \(Markdown.cell(e.family)) | \(Markdown.cell(e.title)) | \(Markdown.code(e.method + " " + e.url(on: site))) |\n"
        }
        return out
    }

    /// One line per served name: link, what it is, context, prices, chat endpoints.
    static func modelLines(_ site: WebSite) -> [String] {
        site.models.map { m in
            let what = m.isAlias
                ? "alias of \(Markdown.code(m.model.id))\(m.alwaysReasons ? ", reasons by default" : "")"
                : m.model.displayName
            return "[\(Markdown.linkText(m.name))](\(site.baseURL)\(m.pagePath).md): model id \(Markdown.code(m.name)), \(what); "
                + "context \(Formatting.context(m.contextLength)); prices \(Formatting.prices(m.pricing)); endpoints "
                + [WebEndpoint.chatCompletions, .responses, .messages, .countTokens, .models]
                    .map { Markdown.code($0.method + " " + $0.url(on: site)) }.joined(separator: ", ")
        }
    }
}
