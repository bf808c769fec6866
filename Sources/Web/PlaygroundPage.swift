import Foundation
import InferenceTypes

/// The playground (`/` and `/playground`): settings, the conversation, suggested prompts and the code panel. The page
/// is complete HTML with the default settings and snippets filled in; `playground.js` makes it live (streaming,
/// stop, history, snippets that follow the settings) and reads the models and defaults from the page's JSON data
/// block (`#playground-data`, not executed, so the Content-Security-Policy allows it).
public enum PlaygroundPage {
    /// The prompts offered on an empty conversation.
    public static let suggestedPrompts = [
        "Explain quantum computing in simple terms",
        "Write a Python function to sort a list",
        "Create a marketing email for a SaaS product",
        "Compare REST vs GraphQL APIs",
    ]

    /// Reasoning effort choices ("" = the model's default).
    static let efforts = ["none", "low", "medium", "high"]

    /// The code panel's tabs: one per language, Anthropic SDK and Claude Code together.
    static let tabs: [(id: String, title: String, snippets: [Snippet])] = [
        ("python", "Python", [.python]), ("openai", "OpenAI SDK", [.openai]), ("javascript", "JavaScript", [.javascript]),
        ("curl", "cURL", [.curl]), ("php", "PHP", [.php]), ("anthropic", "Anthropic / Claude Code", [.anthropic, .claudeCode]),
    ]

    /// The page, with `selected` (a served name) picked, or the site's default model.
    public static func render(site: WebSite, assets: WebAssets, selected: String? = nil) -> HTML {
        let current = selected.flatMap { site.model(named: $0) } ?? site.model(named: site.defaultModel) ?? site.models.first
        let settings = SnippetSettings(baseURL: site.baseURL, model: current?.name ?? site.defaultModel)
        let body: HTML = """
            <div class="playground">
            \(settingsPanel(site: site, current: current))
            \(conversation())
            \(codePanel(settings))
            </div>
            <script type="application/json" id="playground-data">\(HTML(trusted: data(site: site, selected: current?.name)))</script>
            """
        return PageLayout.page(
            title: "Playground", description: "Chat with the models this Swiftlet server serves, and copy the code for the same request.",
            section: .playground, assets: assets, scripts: ["playground.js"], body: body)
    }

    private static func settingsPanel(site: WebSite, current: WebModel?) -> HTML {
        let groups = site.servedModels.map { served -> HTML in
            let options = ([served] + site.aliases(of: served)).map { m -> HTML in
                let label = m.isAlias ? "\(m.name) (alias\(m.alwaysReasons ? ", reasons" : ""))" : m.name
                let sel: HTML = m.name == current?.name ? " selected" : ""
                return "<option value=\"\(m.name)\"\(sel)>\(label)</option>\n"
            }
            return "<optgroup label=\"\(served.model.displayName)\">\n\(options)</optgroup>\n"
        }
        let efforts = efforts.map { e -> HTML in "<option value=\"\(e)\">\(e)</option>\n" }
        return """
            <section class="panel settings" aria-labelledby="settings-title">
            <h1 id="settings-title">Playground</h1>
            <div class="field">
            <label for="api-key">API key</label>
            <input type="password" id="api-key" data-testid="api-key" autocomplete="off" spellcheck="false" placeholder="sk-…" aria-describedby="key-hint">
            <p class="hint" id="key-hint">\(keyHint(site))</p>
            <button type="button" class="secondary" id="forget-key">Forget key</button>
            </div>
            <div class="field">
            <label for="model">Model</label>
            <select id="model" data-testid="model">
            \(groups)</select>
            <p class="facts" id="model-facts">\(current.map(facts) ?? "")</p>
            </div>
            <div class="field">
            <label for="system">System message</label>
            <textarea id="system" data-testid="system" rows="3">\(SnippetSettings.defaultSystem)</textarea>
            </div>
            <div class="numbers">
            \(number("temperature", "Temperature", SnippetSettings.defaultTemperature, min: "0", max: "2", step: "0.1"))
            \(number("max-tokens", "Max tokens", Double(SnippetSettings.defaultMaxTokens), min: "1", max: String(RequestLimits.maxTokensRange.upperBound), step: "1"))
            \(number("top-p", "Top P", SnippetSettings.defaultTopP, min: "0.01", max: "1", step: "0.05"))
            \(number("frequency-penalty", "Frequency penalty", 0, min: "-2", max: "2", step: "0.1"))
            \(number("presence-penalty", "Presence penalty", 0, min: "-2", max: "2", step: "0.1"))
            </div>
            <div class="field">
            <label for="reasoning-effort">Reasoning effort</label>
            <select id="reasoning-effort" data-testid="reasoning-effort" aria-describedby="effort-hint">
            <option value="" selected>model default</option>
            \(efforts)</select>
            <p class="hint" id="effort-hint">Any effort makes the model think first; aliases marked “reasons” think by default; none turns it off.</p>
            </div>
            </section>
            """
    }

    private static func keyHint(_ site: WebSite) -> String {
        let stored = "Kept in this browser's local storage and sent only to this server, never in a URL."
        return site.keysRequired == false ? "This server is open: no key needed. " + stored : stored
    }

    /// Context and prices of a name, as the settings panel shows them.
    static func facts(_ m: WebModel) -> HTML {
        let reasons = m.alwaysReasons ? " · reasons by default" : ""
        let alias = m.isAlias ? "alias of \(m.model.id) · " : ""
        return "\(alias)\(Formatting.context(m.contextLength)) context · \(Formatting.prices(m.pricing))\(reasons) · <a href=\"\(m.pagePath)\">model page</a>"
    }

    private static func number(_ id: String, _ label: String, _ value: Double, min: String, max: String, step: String) -> HTML {
        """
        <div class="field">
        <label for="\(id)">\(label)</label>
        <input type="number" id="\(id)" data-testid="\(id)" inputmode="decimal" min="\(min)" max="\(max)" step="\(step)" value="\(Formatting.number(value))">
        </div>
        """
    }

    private static func conversation() -> HTML {
        let prompts = suggestedPrompts.map { p -> HTML in
            "<li><button type=\"button\" class=\"suggestion\" data-prompt=\"\(p)\">\(p)</button></li>\n"
        }
        return """
            <section class="panel chat" aria-labelledby="chat-title">
            <h2 id="chat-title" class="visually-hidden">Conversation</h2>
            <noscript><p class="notice">The playground needs JavaScript. Every <a href="/models">model page</a> shows the same API with code to copy.</p></noscript>
            <div id="transcript" class="transcript">
            <div class="empty" id="suggestions">
            <p>Suggested prompts</p>
            <ul class="suggestions">
            \(prompts)</ul>
            </div>
            </div>
            <form id="composer" class="composer" action="/playground" method="get">
            <label for="prompt">Prompt</label>
            <textarea id="prompt" data-testid="prompt" rows="3" placeholder="Ask anything. Enter sends, Shift+Enter starts a new line, Escape stops." aria-describedby="status"></textarea>
            <div class="actions">
            <button type="submit" id="send" data-testid="send">Send</button>
            <button type="button" id="stop" data-testid="stop" class="secondary" disabled>Stop</button>
            <button type="button" id="new-chat" class="secondary">New chat</button>
            <p id="status" class="status" role="status"></p>
            </div>
            </form>
            </section>
            """
    }

    private static func codePanel(_ settings: SnippetSettings) -> HTML {
        let buttons = tabs.enumerated().map { i, t -> HTML in
            let sel: HTML = i == 0 ? "true" : "false"
            let tabIndex: HTML = i == 0 ? "0" : "-1"
            return "<button type=\"button\" role=\"tab\" id=\"tab-\(t.id)\" aria-controls=\"panel-\(t.id)\" aria-selected=\"\(sel)\" tabindex=\"\(tabIndex)\">\(t.title)</button>\n"
        }
        let panels = tabs.enumerated().map { i, t -> HTML in
            let hidden: HTML = i == 0 ? "" : " hidden"
            let blocks = t.snippets.map { s -> HTML in
                let title: HTML = t.snippets.count > 1 ? "<h3>\(s.title)</h3>\n" : ""
                return "\(title)\(PageLayout.codeBlock(s.code(settings), language: s.language, label: s.title, testID: "snippet-" + s.rawValue))\n"
            }
            return "<div role=\"tabpanel\" id=\"panel-\(t.id)\" aria-labelledby=\"tab-\(t.id)\" tabindex=\"0\"\(hidden)>\n\(blocks)</div>\n"
        }
        return """
            <section class="panel code-panel" aria-labelledby="code-title">
            <h2 id="code-title">Code for this request</h2>
            <p class="hint">Runs as shown against this server, with the settings and conversation above.</p>
            <div role="tablist" aria-label="Language">
            \(buttons)</div>
            \(panels)</section>
            """
    }

    /// The JSON the script reads: models with prices, defaults and the base URL (`<` escaped, so the text can never
    /// close the element).
    static func data(site: WebSite, selected: String?) -> String {
        let models = site.models.map { m -> JSONValue in
            let price: JSONValue = m.pricing.map { p in
                .makeObject([("input", .double(p.inputPerMillion)), ("cached_input", .double(p.cachedInputPerMillion)),
                    ("output", .double(p.outputPerMillion))])
            } ?? .null
            return .makeObject([
                ("name", .string(m.name)), ("model", .string(m.model.id)), ("display_name", .string(m.model.displayName)),
                ("alias", .bool(m.isAlias)), ("reasons", .bool(m.alwaysReasons)),
                ("context_length", .int(Int64(m.contextLength))), ("page", .string(m.pagePath)),
                ("capabilities", .array(m.model.capabilities.map { .string($0) })), ("price", price),
            ])
        }
        let json = JSONValue.makeObject([
            ("base_url", .string(site.baseURL)), ("models", .array(models)),
            ("selected", .string(selected ?? site.defaultModel)),
            ("keys_required", site.keysRequired.map { .bool($0) } ?? .null),
        ])
        return json.serialized().replacingOccurrences(of: "<", with: "\\u003c")
    }
}
