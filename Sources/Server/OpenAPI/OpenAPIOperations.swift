import InferenceTypes

/// What the OpenAPI document says about one route: its summary, body, answers and error shape.
struct OperationSpec: Sendable {
    enum Errors: Sendable { case openAI, anthropic, none }
    var summary: String
    var tag: String
    var request: String?
    /// Schema of the 200 body (`application/json`); nil = `text/plain`.
    var response: String?
    /// The 200 may also be an SSE stream (`"stream": true`).
    var streams = false
    var errors: Errors = .openAI
    /// Needs no API key.
    var open = false
    var query: [(name: String, schema: JSONValue, description: String)] = []
    /// Media types of a 200 that is not JSON (`response` nil): `text/plain` unless a page says otherwise.
    var media = ["text/plain"]
    /// Unknown names get the HTML 404 page (the web pages).
    var htmlNotFound = false
    /// The success status (201 for a created key).
    var status = "200"
    /// A placeholder for a route nobody described.
    var undocumented = false
}

/// The spec of every route Swiftlet serves, by method and route pattern (as in `buildRouter`'s table).
enum OpenAPIOperations {
    static let lab = "/api/v7/llm"

    static func spec(method: String, pattern: String) -> OperationSpec? {
        table["\(method) \(pattern)"]
    }

    private static let usageQuery: [(name: String, schema: JSONValue, description: String)] = [
        ("since", Schema.string, "Unix seconds or a date YYYY-MM-DD."),
        ("limit", Schema.integer(1...10_000), "Rows to return, newest first (default 100)."),
    ]

    private static let table: [String: OperationSpec] = {
        var t: [String: OperationSpec] = [:]
        let chat = OperationSpec(summary: "Create a chat completion (OpenAI).", tag: "OpenAI", request: "ChatCompletionRequest",
            response: "ChatCompletion", streams: true)
        let messages = OperationSpec(summary: "Create a message (Anthropic).", tag: "Anthropic", request: "MessagesRequest",
            response: "AnthropicMessage", streams: true, errors: .anthropic)
        let countTokens = OperationSpec(summary: "Count a message request's input tokens (Anthropic).", tag: "Anthropic",
            request: "CountTokensRequest", response: "CountTokens", errors: .anthropic)
        let models = OperationSpec(summary: "List the served models and aliases.", tag: "Models", response: "ModelList")
        let model = OperationSpec(summary: "One served model or alias.", tag: "Models", response: "Model")
        t["GET /health"] = OperationSpec(summary: "Liveness.", tag: "Operations", response: "Health", errors: .none, open: true)
        t["GET /ready"] = OperationSpec(summary: "Readiness: models loaded, database reachable, not draining (503 otherwise).",
            tag: "Operations", response: "Ready", errors: .none, open: true)
        t["GET /metrics"] = OperationSpec(summary: "Prometheus metrics (text format; a bearer key when metricsKey is set).",
            tag: "Operations", response: nil, open: true)
        t["GET /openapi.json"] = OperationSpec(summary: "This document.", tag: "Operations", response: nil, errors: .none, open: true)
        t["GET /v1/models"] = models
        t["GET /v1/models/**"] = model
        t["POST /v1/chat/completions"] = chat
        t["POST /v1/chat/completions/input_tokens"] = OperationSpec(summary: "Count a chat request's input tokens.",
            tag: "OpenAI", request: "ChatCompletionRequest", response: "InputTokens")
        t["POST /v1/completions"] = OperationSpec(summary: "Create a text completion (OpenAI legacy).", tag: "OpenAI",
            request: "CompletionRequest", response: "Completion", streams: true)
        t["POST /v1/tokenize-text"] = OperationSpec(summary: "Tokenize text with a model's tokenizer.", tag: "OpenAI",
            request: "TokenizeTextRequest", response: "TokenizeText")
        t["POST /v1/messages"] = messages
        t["POST /v1/messages/count_tokens"] = countTokens
        t["POST /v1/responses"] = OperationSpec(summary: "Create a response (OpenAI Responses API).", tag: "OpenAI",
            request: "ResponseRequest", response: "Response", streams: true)
        t["GET /v1/responses/{id}"] = OperationSpec(summary: "A stored response.", tag: "OpenAI", response: "Response")
        t["DELETE /v1/responses/{id}"] = OperationSpec(summary: "Delete a stored response.", tag: "OpenAI",
            response: "ResponseDeleted")
        t["GET /v1/responses/{id}/input_items"] = OperationSpec(summary: "A stored response's input items.", tag: "OpenAI",
            response: "List")
        var labChat = chat
        labChat.summary = "Create a chat completion (ModelsLab dialect: `model_id`, key in the body as `key`)."
        labChat.tag = "ModelsLab"
        labChat.request = "ModelsLabChatRequest"
        t["POST \(lab)/chat/completions"] = labChat
        t["POST \(lab)/v1/chat/completions"] = labChat
        var labMessages = messages
        labMessages.tag = "ModelsLab"
        t["POST \(lab)/v1/messages"] = labMessages
        var labCount = countTokens
        labCount.tag = "ModelsLab"
        t["POST \(lab)/v1/messages/count_tokens"] = labCount
        var labModels = models
        labModels.tag = "ModelsLab"
        labModels.query = [("key", Schema.string, "The API key (ModelsLab dialect), instead of a header.")]
        t["GET \(lab)/v1/models"] = labModels
        var labModel = model
        labModel.tag = "ModelsLab"
        labModel.query = labModels.query
        t["GET \(lab)/v1/models/**"] = labModel
        t["GET /v1/me"] = OperationSpec(summary: "The calling key: balance, limits and usage totals.", tag: "Platform",
            response: "APIKey")
        t["GET /v1/me/usage"] = OperationSpec(summary: "The calling key's ledger rows, newest first.", tag: "Platform",
            response: "Usage", query: usageQuery)
        t["GET /admin/keys"] = OperationSpec(summary: "List API keys (admin).", tag: "Admin", response: "List")
        t["POST /admin/keys"] = OperationSpec(summary: "Create an API key; the secret is in this answer only (admin).",
            tag: "Admin", request: "NewAPIKey", response: "APIKey", status: "201")
        t["GET /admin/keys/{id}"] = OperationSpec(summary: "One API key (admin).", tag: "Admin", response: "APIKey")
        t["POST /admin/keys/{id}/revoke"] = OperationSpec(summary: "Revoke an API key (admin).", tag: "Admin",
            response: "APIKey")
        t["POST /admin/keys/{id}/top-up"] = OperationSpec(summary: "Add credit to an API key (admin).", tag: "Admin",
            request: "TopUp", response: "APIKey")
        t["GET /admin/usage"] = OperationSpec(summary: "Ledger rows of every key or one (admin).", tag: "Admin",
            response: "Usage", query: [("key", Schema.string, "A key id.")] + usageQuery)
        let html = ["text/html"]
        let playground = OperationSpec(summary: "The playground (web page).", tag: "Web", response: nil, errors: .none,
            open: true, media: html)
        t["GET /"] = playground
        t["GET /playground"] = playground
        t["GET /models"] = OperationSpec(summary: "Every served model with prices, context and capabilities (web page).",
            tag: "Web", response: nil, errors: .none, open: true, media: html)
        t["GET /models/**"] = OperationSpec(
            summary: "A model's page: `{id}` (HTML), `{id}.md` (markdown) or `{id}/llms.txt` (for agents).", tag: "Web",
            response: nil, errors: .none, open: true, media: ["text/html", "text/markdown", "text/plain"],
            htmlNotFound: true)
        t["GET /llms.txt"] = OperationSpec(summary: "Every served model for agents (llms.txt).", tag: "Web", response: nil,
            errors: .none, open: true)
        t["GET /usage"] = OperationSpec(summary: "The pasted key's usage (web page).", tag: "Web", response: nil,
            errors: .none, open: true, media: html)
        t["GET /assets/{file}"] = OperationSpec(summary: "The pages' CSS, scripts and icon.", tag: "Web", response: nil,
            errors: .none, open: true, media: ["text/css", "text/javascript", "image/svg+xml"], htmlNotFound: true)
        return t
    }()
}
