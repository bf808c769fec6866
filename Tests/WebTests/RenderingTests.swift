import Foundation
import InferenceTypes
import Testing
import Web

/// A site with a priced model, a free one, and aliases, one of which needs escaping everywhere.
func sampleSite(keysRequired: Bool? = true) -> WebSite {
    let smol = ModelDescriptor(id: "smollm2-135m-instruct", aliases: ["grok-3-mini", "x-ai/grok-3-mini-beta"],
        displayName: "SmolLM2 135M Instruct", created: 0, contextLength: 8192, capabilities: ["chat", "completions"],
        pricing: TokenPricing(inputPerMillion: 0.05, cachedInputPerMillion: 0.01, outputPerMillion: 0.1))
    let gemma = ModelDescriptor(id: "gemma-3-270m", aliases: ["<b>\"odd's\""], displayName: "Gemma 3 270M", created: 0,
        contextLength: 32768)
    let grok = TokenPricing(inputPerMillion: 0.30, cachedInputPerMillion: 0.075, outputPerMillion: 0.50)
    return WebSite(baseURL: "http://127.0.0.1:8090/", models: [
        WebModel(name: smol.id, model: smol, pricing: smol.pricing),
        WebModel(name: "grok-3-mini", model: smol, alwaysReasons: true, pricing: grok),
        WebModel(name: "x-ai/grok-3-mini-beta", model: smol, alwaysReasons: true, pricing: grok),
        WebModel(name: gemma.id, model: gemma),
        WebModel(name: "<b>\"odd's\"", model: gemma),
    ], keysRequired: keysRequired)
}

let testAssets = WebAssets(files: ["style.css": Array("body{}".utf8), "site.js": [], "playground.js": [],
    "usage.js": [], "favicon.svg": []])

@Suite struct RenderingTests {
    @Test func htmlInterpolationEscapesText() {
        let name = "<script>alert('x')</script> & \"q\""
        let html: HTML = "<p title=\"\(name)\">\(name)</p>"
        #expect(html.text == "<p title=\"&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>")
        let kept: HTML = "<b>\(HTML("<i>ok</i>"))</b>"
        #expect(kept.text == "<b><i>ok</i></b>")
    }

    @Test func numbersAndPrices() {
        #expect(Formatting.dollars(0.3) == "$0.30")
        #expect(Formatting.dollars(0.075) == "$0.075")
        #expect(Formatting.dollars(4) == "$4.00")
        #expect(Formatting.dollars(1234.5) == "$1,234.50")
        #expect(Formatting.dollars(0) == "$0")
        #expect(Formatting.grouped(131_072) == "131,072")
        #expect(Formatting.grouped(999) == "999")
        #expect(Formatting.number(0.7) == "0.7")
        #expect(Formatting.number(1000) == "1000")
        #expect(Formatting.number(-0.5) == "-0.5")
        #expect(Formatting.number(0.9999999) == "1")
        #expect(Formatting.prices(nil) == "free")
        #expect(Formatting.prices(TokenPricing(inputPerMillion: 0.3, cachedInputPerMillion: 0.075, outputPerMillion: 0.5))
            == "$0.30 / 1M input tokens, $0.075 / 1M cached input tokens, $0.50 / 1M output tokens")
    }

    @Test func pathsArePercentEncoded() {
        #expect(WebModel.encodePath("x-ai/grok-3-mini-beta") == "x-ai/grok-3-mini-beta")
        #expect(WebModel.encodePath("a b\"<") == "a%20b%22%3C")
        #expect(sampleSite().models[4].pagePath == "/models/%3Cb%3E%22odd%27s%22")
    }

    @Test func modelPageEscapesNamesAndShowsTheServersURLs() {
        let site = sampleSite()
        let odd = site.models[4]
        let page = ModelPage.render(odd, site: site, assets: testAssets).text
        #expect(!page.contains("<b>\"odd"))
        #expect(page.contains("&lt;b&gt;&quot;odd&#39;s&quot;"))
        let grok = ModelPage.render(site.models[1], site: site, assets: testAssets).text
        for needle in ["http://127.0.0.1:8090/v1/chat/completions", "http://127.0.0.1:8090/v1/messages/count_tokens",
            "POST http://127.0.0.1:8090/v1/messages<", "GET http://127.0.0.1:8090/v1/models<", "$0.30", "$0.075", "$0.50",
            "8,192 tokens", "ANTHROPIC_BASE_URL", "data-testid=\"snippet-python\"", "data-testid=\"snippet-curl\"",
            "data-testid=\"snippet-javascript\"", "data-testid=\"snippet-php\"", "data-testid=\"model-id\"", "<details>",
            "always reasons", "/models/grok-3-mini.md", "/models/grok-3-mini/llms.txt"]
        {
            #expect(grok.contains(needle), "model page lacks \(needle)")
        }
        #expect(!grok.contains("<script>") && !grok.contains("style=\""), "no inline script or style")
    }

    @Test func playgroundHasEveryTestHookAndTheDefaults() {
        let page = PlaygroundPage.render(site: sampleSite(), assets: testAssets).text
        for id in ["model", "system", "temperature", "max-tokens", "top-p", "frequency-penalty", "presence-penalty", "prompt",
            "send", "stop", "api-key", "snippet-python", "snippet-curl", "snippet-javascript", "snippet-php"]
        {
            #expect(page.contains("data-testid=\"\(id)\""), "missing \(id)")
        }
        #expect(page.contains("id=\"temperature\" data-testid=\"temperature\" inputmode=\"decimal\" min=\"0\" max=\"2\" step=\"0.1\" value=\"0.7\""))
        #expect(page.contains("value=\"1000\"") && page.contains("value=\"0.9\""))
        for prompt in PlaygroundPage.suggestedPrompts { #expect(page.contains(prompt)) }
        // The data block cannot be closed from inside: `<` is escaped in it.
        let data = page.components(separatedBy: "id=\"playground-data\">")[1].components(separatedBy: "</script>")[0]
        #expect(!data.contains("<") && data.contains("\\u003cb>"))
        #expect(page.contains("<option value=\"grok-3-mini\">grok-3-mini (alias, reasons)</option>"))
        let selected = PlaygroundPage.render(site: sampleSite(), assets: testAssets, selected: "gemma-3-270m").text
        #expect(selected.contains("<option value=\"gemma-3-270m\" selected>"))
    }

    @Test func markdownAndLLMsTextListEveryModelWithPricesContextAndEndpoints() {
        let site = sampleSite()
        let md = ModelMarkdown.render(site.models[1], site: site)
        let llms = LLMsText.site(site)
        for text in [md, llms] {
            for m in site.models {
                #expect(text.contains("model id `\(m.name)`"), "\(m.name) is listed")
                #expect(text.contains("context \(Formatting.context(m.contextLength))"))
                #expect(text.contains("prices \(Formatting.prices(m.pricing))"))
            }
            for path in ["/v1/chat/completions", "/v1/messages", "/v1/messages/count_tokens", "/v1/models"] {
                #expect(text.contains("http://127.0.0.1:8090" + path))
            }
        }
        #expect(md.hasPrefix("# grok-3-mini\n\n> "))
        #expect(md.contains("```python\nimport requests") && md.contains("## FAQ") && md.contains("## Features"))
        #expect(llms.hasPrefix("# Swiftlet at http://127.0.0.1:8090\n\n> "))
        let one = LLMsText.model(site.models[0], site: site)
        #expect(one.contains("Model id: `smollm2-135m-instruct`") && one.contains("Context length: 8,192 tokens"))
        #expect(one.contains("$0.05 / 1M input tokens"))
    }

    @Test func notFoundPageNamesTheMissingModel() {
        let page = NotFoundPage.render(path: "/models/gpt-9", model: "gpt-9<", site: sampleSite(), assets: testAssets).text
        #expect(page.contains("no model called <code>gpt-9&lt;</code>"))
    }

    @Test func pagesLinkVersionedAssetsOnly() {
        let page = UsagePage.render(site: sampleSite(), assets: testAssets).text
        #expect(page.contains("<script src=\"/assets/usage.js?v="))
        #expect(page.contains("<link rel=\"stylesheet\" href=\"/assets/style.css?v="))
        #expect(!page.contains("http://") || !page.contains("<script src=\"http"))
        #expect(PageLayout.contentSecurityPolicy.contains("script-src 'self'"))
        #expect(!PageLayout.contentSecurityPolicy.contains("unsafe"))
    }
}

@Suite struct BaseURLTests {
    @Test func theRequestsHostUnlessAPublicURLIsConfigured() {
        #expect(BaseURL.resolve(publicURL: nil, host: "llm.example.test:8443", forwardedProto: nil, listenHost: "0.0.0.0", port: 80)
            == "http://llm.example.test:8443")
        #expect(BaseURL.resolve(publicURL: nil, host: "llm.example.test", forwardedProto: "https, http", listenHost: "x", port: 1)
            == "https://llm.example.test")
        #expect(BaseURL.resolve(publicURL: nil, host: "[::1]:8080", forwardedProto: nil, listenHost: "x", port: 1) == "http://[::1]:8080")
        #expect(BaseURL.resolve(publicURL: "https://api.example.com", host: "other", forwardedProto: nil, listenHost: "x", port: 1)
            == "https://api.example.com")
    }

    @Test func aHostThatCouldInjectMarkupFallsBackToTheListenAddress() {
        #expect(BaseURL.resolve(publicURL: nil, host: "evil\"<x>", forwardedProto: nil, listenHost: "0.0.0.0", port: 8080)
            == "http://127.0.0.1:8080")
        #expect(BaseURL.resolve(publicURL: nil, host: "a b", forwardedProto: nil, listenHost: "::", port: 9) == "http://127.0.0.1:9")
        #expect(BaseURL.resolve(publicURL: nil, host: nil, forwardedProto: nil, listenHost: "fe80::1", port: 9) == "http://[fe80::1]:9")
        #expect(!BaseURL.isHost("") && !BaseURL.isHost("x'y") && BaseURL.isHost("swiftlet.local:8080"))
    }
}
