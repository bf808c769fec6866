/// One HTTP endpoint the pages document.
public struct WebEndpoint: Sendable, Hashable {
    /// What it is, for people (`Chat Completions`).
    public var title: String
    /// Which API it follows (`OpenAI-compatible`, `Anthropic-compatible`, …).
    public var family: String
    /// `GET` or `POST`.
    public var method: String
    /// The path below the base URL.
    public var path: String

    /// The full URL on `site`.
    public func url(on site: WebSite) -> String { site.baseURL + path }

    /// OpenAI's Chat Completions, the endpoint the playground and most snippets call.
    public static let chatCompletions = WebEndpoint(
        title: "Chat Completions", family: "OpenAI-compatible", method: "POST", path: "/v1/chat/completions")
    /// OpenAI's Responses API.
    public static let responses = WebEndpoint(
        title: "Responses", family: "OpenAI-compatible", method: "POST", path: "/v1/responses")
    /// Anthropic's Messages, what Claude Code calls.
    public static let messages = WebEndpoint(
        title: "Messages", family: "Anthropic-compatible", method: "POST", path: "/v1/messages")
    /// Anthropic's token counter.
    public static let countTokens = WebEndpoint(
        title: "Count Tokens", family: "Anthropic-compatible", method: "POST", path: "/v1/messages/count_tokens")
    /// The model list in the shape both OpenAI's and Anthropic's SDKs read.
    public static let models = WebEndpoint(
        title: "Models", family: "OpenAI- and Anthropic-compatible", method: "GET", path: "/v1/models")
    /// The ModelsLab dialect: `model_id` and the key in the body.
    public static let modelsLabChat = WebEndpoint(
        title: "Chat Completions (key in the body)", family: "ModelsLab-compatible", method: "POST",
        path: "/api/v7/llm/chat/completions")
    /// The calling key's balance.
    public static let me = WebEndpoint(title: "Key balance", family: "Swiftlet", method: "GET", path: "/v1/me")
    /// The calling key's ledger.
    public static let myUsage = WebEndpoint(title: "Key usage", family: "Swiftlet", method: "GET", path: "/v1/me/usage")

    /// Every endpoint a model page lists, in order.
    public static let all: [WebEndpoint] = [
        chatCompletions, responses, messages, countTokens, models, modelsLabChat, me, myUsage,
    ]
}
