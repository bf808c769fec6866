public import InferenceTypes

/// The request settings a response object repeats (`instructions`, `tools`, `tool_choice`, `text`, `reasoning`,
/// `temperature`, …), fixed when the request is decoded so every snapshot of one response shows the same values.
public struct ResponseEcho: Sendable, Hashable {
    /// The object members, in OpenAI's order.
    public var members: [(String, JSONValue)] {
        [
            ("instructions", instructions.map { .string($0) } ?? .null),
            ("max_output_tokens", maxOutputTokens.map { .int(Int64($0)) } ?? .null),
            ("metadata", metadata),
            ("parallel_tool_calls", .bool(parallelToolCalls)),
            ("previous_response_id", previousResponseID.map { .string($0) } ?? .null),
            ("reasoning", reasoning),
            ("store", .bool(store)),
            ("temperature", .double(temperature)),
            ("text", text),
            ("tool_choice", toolChoice),
            ("tools", .array(tools)),
            ("top_logprobs", .int(Int64(topLogprobs))),
            ("top_p", .double(topP)),
            ("truncation", "disabled"),
            ("user", user.map { .string($0) } ?? .null),
        ]
    }

    public var instructions: String?
    public var maxOutputTokens: Int?
    /// `metadata`: string values by key (`{}` when none).
    public var metadata: JSONValue
    public var parallelToolCalls: Bool
    public var previousResponseID: String?
    /// `{effort, summary}`.
    public var reasoning: JSONValue
    public var store: Bool
    public var temperature: Double
    /// `{format: {…}}`.
    public var text: JSONValue
    /// `auto`, `none`, `required` or `{type: "function", name}`.
    public var toolChoice: JSONValue
    /// Function tools in the flat shape.
    public var tools: [JSONValue]
    public var topLogprobs: Int
    public var topP: Double
    public var user: String?

    /// The echo of a decoded request body `f` and the chat request made from it.
    init(_ f: JSONFields, chat: ChatRequest) throws(JSONFieldError) {
        instructions = try f.string("instructions")
        maxOutputTokens = chat.maxTokens
        metadata = try Self.metadata(f)
        parallelToolCalls = chat.parallelToolCalls
        previousResponseID = try f.string("previous_response_id")
        let r = try f.object("reasoning")
        reasoning = .makeObject([
            ("effort", chat.reasoning.effort.map { .string($0.rawValue) } ?? .null),
            ("summary", try r?.string("summary").map { .string($0) } ?? .null),
        ])
        store = try f.bool("store") ?? true
        temperature = chat.sampling.temperature
        topP = chat.sampling.topP
        topLogprobs = chat.sampling.topLogprobs
        var format: JSONValue = ["type": "text"]
        if let given = try f.object("text")?.value("format") { format = given }
        text = .makeObject([("format", format), ("verbosity", "medium")])
        switch chat.toolChoice {
        case .none: toolChoice = f.has("tool_choice") ? "none" : "auto"
        case .auto: toolChoice = "auto"
        case .required: toolChoice = "required"
        case .function(let name): toolChoice = .makeObject([("type", "function"), ("name", .string(name))])
        }
        tools = chat.tools.map { tool in
            .makeObject([
                ("type", "function"), ("name", .string(tool.name)),
                ("description", tool.description.map { .string($0) } ?? .null), ("parameters", tool.parameters),
                ("strict", .bool(tool.strict)),
            ])
        }
        user = chat.user
    }

    /// `metadata`: at most 16 string values, keys up to 64 characters, values up to 512.
    private static func metadata(_ f: JSONFields) throws(JSONFieldError) -> JSONValue {
        guard let m = try f.object("metadata") else { return [:] }
        guard m.members.count <= 16 else { throw .invalid("metadata", "must have at most 16 keys, got \(m.members.count)") }
        for (key, value) in m.members {
            guard key.count <= 64 else { throw .invalid(m.path(key), "keys must be at most 64 characters long") }
            guard case .string(let s) = value else { throw .wrongType(m.path(key), expected: "string", got: value) }
            guard s.count <= 512 else { throw .invalid(m.path(key), "values must be at most 512 characters long") }
        }
        return .makeObject(m.members.map { ($0.key, $0.value) })
    }
}
