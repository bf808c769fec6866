import Hummingbird
import InferenceTypes

/// The OpenAPI 3.1 document of every route Swiftlet serves, built from the router's own route table so it can neither
/// list a route that does not exist nor leave one out; a route without an ``OperationSpec`` appears marked
/// `x-undocumented` (a test keeps there being none).
enum OpenAPIDocument {
    /// The document, with `serverURL` (this server as the client reached it) as its one server.
    static func make(routes: [(pattern: String, method: String)], serverURL: String, version: String = "1") -> JSONValue {
        var paths: [(String, [(String, JSONValue)])] = []
        for (pattern, method) in routes {
            // A route without a spec still appears, marked, so the document never hides a route (a test fails on it).
            let spec = OpenAPIOperations.spec(method: method, pattern: pattern)
                ?? OperationSpec(summary: "Undocumented.", tag: "Undocumented", response: nil, undocumented: true)
            let path = pattern.hasSuffix("/**") ? String(pattern.dropLast(2)) + "{model}" : pattern
            let operation = self.operation(spec, method: method, path: path)
            if let i = paths.firstIndex(where: { $0.0 == path }) {
                paths[i].1.append((method.lowercased(), operation))
            } else {
                paths.append((path, [(method.lowercased(), operation)]))
            }
        }
        return .makeObject([
            ("openapi", "3.1.0"),
            ("info", .makeObject([
                ("title", "Swiftlet"), ("version", .string(version)),
                ("description", "OpenAI-, Anthropic- and ModelsLab-compatible LLM API served by Swiftlet's own engine."),
            ])),
            ("servers", [["url": .string(serverURL)]]),
            ("security", [["bearer": []], ["apiKeyHeader": []]]),
            ("paths", .makeObject(paths.map { ($0.0, .makeObject($0.1)) })),
            ("components", .makeObject([
                ("schemas", OpenAPIComponents.schemas),
                ("securitySchemes", .makeObject([
                    ("bearer", ["type": "http", "scheme": "bearer"]),
                    ("apiKeyHeader", ["type": "apiKey", "in": "header", "name": "x-api-key"]),
                ])),
            ])),
        ])
    }

    private static func operation(_ spec: OperationSpec, method: String, path: String) -> JSONValue {
        var op: [(String, JSONValue)] = [
            ("operationId", .string(operationID(method: method, path: path))), ("summary", .string(spec.summary)),
            ("tags", [.string(spec.tag)]),
        ]
        var parameters: [JSONValue] = []
        for segment in path.split(separator: "/") where segment.hasPrefix("{") && segment.hasSuffix("}") {
            parameters.append(["name": .string(String(segment.dropFirst().dropLast())), "in": "path", "required": true,
                "schema": Schema.string])
        }
        for q in spec.query {
            parameters.append(["name": .string(q.name), "in": "query", "required": false, "schema": q.schema,
                "description": .string(q.description)])
        }
        if !parameters.isEmpty { op.append(("parameters", .array(parameters))) }
        if spec.open { op.append(("security", [])) }
        if spec.undocumented { op.append(("x-undocumented", true)) }
        if let request = spec.request {
            op.append(("requestBody", ["required": true, "content": ["application/json": ["schema": Schema.ref(request)]]]))
        }
        var success: [(String, JSONValue)] = []
        if let response = spec.response {
            success.append(("application/json", ["schema": Schema.ref(response)]))
        } else if path == "/openapi.json" {
            success.append(("application/json", ["schema": Schema.object([:])]))
        } else {
            for media in spec.media { success.append((media, ["schema": Schema.string])) }
        }
        // Each server-sent event: its `data` line, and the `event` name the Anthropic and Responses streams add.
        let event = Schema.object(["data": Schema.string, "event": Schema.string, "id": Schema.string], required: ["data"])
        if spec.streams { success.append(("text/event-stream", ["schema": event])) }
        var responses: [(String, JSONValue)] = [
            (spec.status, .makeObject([("description", spec.status == "201" ? "Created" : "OK"), ("content", .makeObject(success))])),
        ]
        switch spec.errors {
        case .openAI: responses.append(("default", error("OpenAIError")))
        case .anthropic: responses.append(("default", error("AnthropicError")))
        case .none:
            if spec.htmlNotFound {
                responses.append(("404", ["description": "Not found (an HTML page)", "content": ["text/html": ["schema": Schema.string]]]))
            }
            if path == "/ready" {
                responses.append(("503", ["description": "Not ready", "content": ["application/json": ["schema": Schema.ref("Ready")]]]))
            }
        }
        op.append(("responses", .makeObject(responses)))
        return .makeObject(op)
    }

    private static func error(_ schema: String) -> JSONValue {
        ["description": "An error, in this API's shape", "content": ["application/json": ["schema": Schema.ref(schema)]]]
    }

    /// `POST /v1/chat/completions` → `post_v1_chat_completions`.
    private static func operationID(method: String, path: String) -> String {
        let words = path.split(separator: "/").map { $0.filter { $0.isLetter || $0.isNumber || $0 == "_" } }
        return ([method.lowercased()] + words.filter { !$0.isEmpty }).joined(separator: "_")
    }
}

extension OpenAPIDocument {
    /// This server's base URL as the client reached it: `X-Forwarded-Proto` (from a proxy) or `http`, and `Host`.
    static func serverURL(of request: Request) -> String {
        let scheme = request.headers[HeaderNames.forwardedProto].map { $0 == "https" ? "https" : "http" } ?? "http"
        let host = request.head.authority ?? "127.0.0.1"
        return "\(scheme)://\(host)"
    }
}
