import Foundation
import HTTPTypes
import HummingbirdTesting
import InferenceTypes
import Server
import TestSupport
import Testing

@Suite struct WebRouteTests {
    /// A server that needs a key for its API.
    static let locked = ServerConfiguration.test(keys: ["sk-test"])
    /// In-process requests come for `localhost` (the test client's authority); `BaseURL` has its own tests.
    static let host: HTTPFields = [:]

    @Test func pagesNeedNoKeyWhileTheAPIStillDoes() async throws {
        try await withApp(config: Self.locked) { client in
            for path in ["/", "/playground", "/models", "/models/swiftlet-test", "/models/swiftlet-test.md",
                "/models/swiftlet-test/llms.txt", "/llms.txt", "/usage", "/assets/style.css", "/assets/playground.js"]
            {
                let r = try await client.get(path)
                #expect(r.status == .ok, "\(path) is open")
            }
            let typo = try await client.get("/modles", headers: [.accept: "text/html"])
            #expect(typo.status == .notFound && typo.text.contains("<h1>Not found</h1>"))
            #expect(try await client.get("/modles").status == .unauthorized)
            #expect(try await client.get("/v1/models", headers: [.accept: "text/html"]).status == .unauthorized)
            #expect(try await client.get("/v1/models").status == .unauthorized)
            #expect(try await client.post("/v1/chat/completions", chatBody()).status == .unauthorized)
            #expect(try await client.get("/v1/me").status == .unauthorized)
            #expect(try await client.get("/v1/models", headers: [.authorization: "Bearer sk-test"]).status == .ok)
        }
    }

    @Test func pagesCarryTheContentSecurityPolicy() async throws {
        try await withApp { client in
            for path in ["/", "/models", "/models/grok-3-mini", "/usage", "/models/nope"] {
                let r = try await client.get(path)
                let csp = r.header("content-security-policy") ?? ""
                #expect(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "\(path): \(csp)")
                #expect(r.header("content-type") == "text/html; charset=utf-8")
                #expect(r.header("x-frame-options") == "DENY")
                #expect(!r.text.contains("<script>"), "\(path) has no inline script")
            }
        }
    }

    @Test func unknownModelPagesAre404Pages() async throws {
        try await withApp { client in
            for path in ["/models/gpt-9", "/models/gpt-9.md", "/models/gpt-9/llms.txt", "/models/x-ai/nope"] {
                let r = try await client.get(path)
                #expect(r.status == .notFound, "\(path)")
                #expect(r.text.contains("<h1>Not found</h1>") && r.text.contains("/models/swiftlet-test"))
            }
            let escaped = try await client.get("/models/%3Cscript%3E")
            #expect(escaped.status == .notFound && !escaped.text.contains("<script>x") && escaped.text.contains("&lt;script&gt;"))
            // A browser gets an HTML 404 for any page it mistypes; API clients keep the JSON error.
            let browser = try await client.get("/nowhere", headers: [.accept: "text/html,application/xhtml+xml"])
            #expect(browser.status == .notFound && browser.text.contains("There is no page at <code>/nowhere</code>"))
            let api = try await client.get("/nowhere")
            #expect(api.status == .notFound && at(api.json, "error", "code") == "unknown_route")
            let apiPath = try await client.get("/v1/nowhere", headers: [.accept: "text/html"])
            #expect(apiPath.status == .notFound && at(apiPath.json, "error") != nil)
        }
    }

    @Test func modelPagesUseTheRequestsHostAndResolveAliases() async throws {
        try await withApp { client in
            let page = try await client.get("/models/x-ai/grok-3-mini-beta", headers: Self.host)
            #expect(page.status == .ok)
            #expect(page.text.contains("http://localhost/v1/chat/completions"))
            #expect(page.text.contains("http://localhost/api/v7/llm/chat/completions"))
            #expect(page.text.contains("export ANTHROPIC_BASE_URL=&#39;http://localhost&#39;"))
            #expect(page.text.contains("$0.30") && page.text.contains("$0.50"), "the persona's list price")
            var proxied = Self.host
            proxied[HTTPField.Name("x-forwarded-proto")!] = "https"
            let secure = try await client.get("/models/swiftlet-test.md", headers: proxied)
            #expect(secure.header("content-type") == "text/markdown; charset=utf-8")
            #expect(secure.text.contains("`POST https://localhost/v1/messages`"))
        }
    }

    @Test func configuredPublicURLWins() async throws {
        var config = ServerConfiguration.test()
        config.publicURL = ServerConfiguration.normalizedPublicURL("https://api.example.com/")
        try await withApp(config: config) { client in
            let llms = try await client.get("/llms.txt", headers: Self.host)
            #expect(llms.header("content-type") == "text/plain; charset=utf-8")
            #expect(llms.text.hasPrefix("# Swiftlet at https://api.example.com\n"))
            #expect(!llms.text.contains("localhost"))
        }
        #expect(ServerConfiguration.normalizedPublicURL("ftp://x") == nil)
    }

    @Test func llmsTextListsEveryNameWithPricesContextAndEndpoints() async throws {
        try await withApp(config: Self.locked) { client in
            let text = try await client.get("/llms.txt", headers: Self.host).text
            let names = ["swiftlet-test", "test-alias", "grok-3-mini", "grok-3-mini-beta", "grok-3-mini-latest",
                "x-ai/grok-3-mini-beta", "x-ai-grok-3-mini"]
            for name in names {
                #expect(text.contains("model id `\(name)`"), "\(name) listed")
                #expect(text.contains("(http://localhost/models/\(name).md)"))
            }
            #expect(text.contains("context 4,096 tokens"))
            #expect(text.contains("prices $0.30 / 1M input tokens, $0.075 / 1M cached input tokens, $0.50 / 1M output tokens"))
            #expect(text.contains("`POST http://localhost/v1/messages/count_tokens`"))
            let md = try await client.get("/models/grok-3-mini.md", headers: Self.host).text
            for name in names { #expect(md.contains("model id `\(name)`")) }
        }
    }

    @Test func assetsAreCachedByVersion() async throws {
        try await withApp { client in
            let page = try await client.get("/").text
            let link = try #require(page.components(separatedBy: "href=\"/assets/style.css?v=").dropFirst().first)
            let version = String(link.prefix(16))
            let css = try await client.get("/assets/style.css?v=\(version)")
            #expect(css.status == .ok && css.header("content-type") == "text/css; charset=utf-8")
            #expect(css.header("cache-control") == "public, max-age=31536000, immutable")
            #expect(css.header("etag") == "\"\(version)\"")
            let again = try await client.get("/assets/style.css", headers: [.ifNoneMatch: "\"\(version)\""])
            #expect(again.status == .notModified && again.header("cache-control") == "no-cache")
            #expect(try await client.get("/assets/nope.js").status == .notFound)
        }
    }

    @Test func playgroundPreselectsTheRequestedModel() async throws {
        try await withApp { client in
            let page = try await client.get("/playground?model=grok-3-mini").text
            #expect(page.contains("<option value=\"grok-3-mini\" selected>"))
            #expect(page.contains("\"selected\":\"grok-3-mini\""))
            let unknown = try await client.get("/playground?model=%3Cx%3E")
            #expect(unknown.status == .ok && !unknown.text.contains("<x>"))
        }
    }
}
