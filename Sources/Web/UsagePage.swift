import InferenceTypes

/// `/usage`: a key's balance, its requests, tokens and spend per day and per model with a chart, and its latest
/// requests. The key lives in the browser (pasted once, kept in local storage), so `usage.js` fetches `/v1/me` and
/// `/v1/me/usage` with it and fills the page; without a script the page says how to get the same numbers.
public enum UsagePage {
    /// Days the chart and the per-day table cover.
    public static let days = 30

    /// The page.
    public static func render(site: WebSite, assets: WebAssets) -> HTML {
        let body: HTML = """
            <div class="prose wide usage">
            <h1>Usage</h1>
            <form class="key-form" id="key-form" action="/usage" method="get">
            <label for="api-key">API key</label>
            <input type="password" id="api-key" data-testid="api-key" autocomplete="off" spellcheck="false" placeholder="sk-…" aria-describedby="key-hint">
            <button type="submit">Show usage</button>
            <button type="button" class="secondary" id="forget-key">Forget key</button>
            <p class="hint" id="key-hint">The key is kept in this browser's local storage (the playground shares it) and sent only to this server's <code>/v1/me</code> and <code>/v1/me/usage</code>, never in a URL.</p>
            </form>
            <noscript><p class="notice">This page reads your key from the browser, which needs JavaScript. Without it: <code>curl -H 'Authorization: Bearer YOUR_API_KEY' \(site.baseURL)/v1/me/usage</code>, or <code>swiftlet usage</code> on the server.</p></noscript>
            <p id="usage-status" class="status" role="status" data-testid="usage-status">Paste a key to see its balance and requests.</p>
            <div id="usage-report" hidden>
            <section aria-labelledby="balance-title">
            <h2 id="balance-title">Balance</h2>
            <dl class="cards" data-testid="usage-summary">
            <div><dt>Key</dt><dd id="key-name">–</dd></div>
            <div><dt>Balance</dt><dd id="balance" data-testid="usage-balance">–</dd></div>
            <div><dt>Requests</dt><dd id="total-requests">–</dd></div>
            <div><dt>Tokens</dt><dd id="total-tokens">–</dd></div>
            <div><dt>Spend</dt><dd id="total-spend">–</dd></div>
            </dl>
            </section>
            <section aria-labelledby="daily-title">
            <h2 id="daily-title">Last \(days) days</h2>
            <div class="chart-controls">
            <label for="chart-metric">Chart</label>
            <select id="chart-metric">
            <option value="cost">Spend</option>
            <option value="tokens">Tokens</option>
            <option value="requests">Requests</option>
            </select>
            </div>
            <figure class="chart" id="chart" data-testid="usage-chart"></figure>
            <div class="table-scroll"><table id="daily-table"><caption class="visually-hidden">Per day</caption><thead><tr><th scope="col">Day</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Prompt tokens</th><th scope="col" class="num">Completion tokens</th><th scope="col" class="num">Reasoning tokens</th><th scope="col" class="num">Spend</th></tr></thead><tbody></tbody></table></div>
            </section>
            <section aria-labelledby="models-title">
            <h2 id="models-title">Per model</h2>
            <div class="table-scroll"><table id="model-table"><caption class="visually-hidden">Per model</caption><thead><tr><th scope="col">Model</th><th scope="col" class="num">Requests</th><th scope="col" class="num">Prompt tokens</th><th scope="col" class="num">Completion tokens</th><th scope="col" class="num">Reasoning tokens</th><th scope="col" class="num">Spend</th></tr></thead><tbody></tbody></table></div>
            </section>
            <section aria-labelledby="latest-title">
            <h2 id="latest-title">Latest requests</h2>
            <div class="table-scroll"><table id="latest-table" data-testid="usage-latest"><caption class="visually-hidden">Latest requests</caption><thead><tr><th scope="col">Time</th><th scope="col">Request id</th><th scope="col">Model</th><th scope="col">Route</th><th scope="col">Status</th><th scope="col" class="num">Prompt</th><th scope="col" class="num">Completion</th><th scope="col" class="num">Reasoning</th><th scope="col" class="num">Cost</th><th scope="col" class="num">Time (ms)</th></tr></thead><tbody></tbody></table></div>
            </section>
            </div>
            </div>
            """
        return PageLayout.page(
            title: "Usage", description: "Balance, requests, tokens and spend of an API key on this Swiftlet server.",
            section: .usage, assets: assets, scripts: ["usage.js"], body: body)
    }
}
