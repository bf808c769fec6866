import InferenceTypes

/// The llms.txt files (the llmstxt.org layout: a title, a one-paragraph summary in a quote, then sections of links
/// and facts), written for agents: short, with every fact an agent needs to make its first call.
public enum LLMsText {
    /// `/llms.txt`: the server, its endpoints, and every served name with its id, prices, context length and
    /// endpoints.
    public static func site(_ site: WebSite) -> String {
        let served = site.servedModels.count
        var out = "# Swiftlet at \(site.baseURL)\n\n"
        out += "> A self-hosted LLM API, compatible with OpenAI's and Anthropic's, serving \(served == 1 ? "one model" : "\(served) models") "
            + "under \(site.models.count) names on its own CPU inference engine. Each model has a markdown page below.\n\n"
        out += ModelMarkdown.endpointsIntro(site) + " Prices are US dollars per million tokens; reasoning tokens are billed as output. "
            + "Streaming responses carry usage with `stream_options: {\"include_usage\": true}`; every usage object has `cost_in_usd_ticks` "
            + "(1 USD = 10,000,000,000 ticks).\n\n"
        out += "## Endpoints\n\n" + endpointLines(site).map { "- \($0)\n" }.joined() + "\n"
        out += "## Models\n\n" + ModelMarkdown.modelLines(site).map { "- \($0)\n" }.joined() + "\n"
        out += "## Example\n\n" + Markdown.fenced(Snippet.curl.code(SnippetSettings(baseURL: site.baseURL, model: site.defaultModel)),
            language: "bash") + "\n"
        out += "## Optional\n\n"
        out += "- [Models](\(site.baseURL)/models): the same list as a web page\n"
        out += "- [Playground](\(site.baseURL)/playground): try prompts and copy the code for them\n"
        out += "- [Usage](\(site.baseURL)/usage): a key's balance, spend and latest requests (`GET /v1/me`, `GET /v1/me/usage`)\n"
        return out
    }

    /// `/models/{id}/llms.txt`: one name, for an agent about to call it.
    public static func model(_ entry: WebModel, site: WebSite) -> String {
        let facts = ModelFacts(entry, on: site)
        let settings = SnippetSettings(baseURL: site.baseURL, model: entry.name)
        var out = "# \(entry.name)\n\n> \(facts.summary)\n\n"
        out += ModelMarkdown.factLines(entry, site: site).map { "- \($0)\n" }.joined() + "\n"
        out += "## Endpoints\n\n" + ModelMarkdown.endpointsIntro(site) + "\n\n"
            + endpointLines(site).map { "- \($0)\n" }.joined() + "\n"
        out += "## Examples\n\n" + Markdown.fenced(Snippet.curl.code(settings), language: "bash") + "\n"
        out += "Claude Code:\n\n" + Markdown.fenced(Snippet.claudeCode.code(settings), language: "bash") + "\n"
        out += "## Optional\n\n"
        out += "- [Full page as markdown](\(site.baseURL)\(entry.pagePath).md): snippets in Python, JavaScript, PHP and the SDKs, features, FAQ\n"
        out += "- [All models](\(site.baseURL)/llms.txt)\n"
        return out
    }

    private static func endpointLines(_ site: WebSite) -> [String] {
        WebEndpoint.all.map { "\(Markdown.code($0.method + " " + $0.url(on: site))): \($0.title) (\($0.family))" }
    }
}
