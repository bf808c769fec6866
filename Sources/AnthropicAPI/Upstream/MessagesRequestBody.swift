public import InferenceTypes

/// The `POST /v1/messages` body Swiftlet sends to an Anthropic-compatible upstream for a `ChatRequest`: the inverse
/// of ``MessagesRequest``, so decoding the body again gives back the request where Anthropic's API can say it.
///
/// System messages become `system`; tool results become `tool_result` blocks of a user turn, and turns of one role
/// are merged, as Anthropic requires; tool calls become `tool_use` blocks with their arguments as `input`. Reasoning
/// of earlier turns is not sent: a thinking block needs the upstream's own signature, which Swiftlet does not keep.
/// Thinking is turned on with a budget (`thinking.budget_tokens`, at least 1024 and below `max_tokens`), a JSON
/// schema becomes `output_config.format`. OpenAI-only fields (penalties, `logit_bias`, `seed`, `logprobs`) have no
/// Anthropic equivalent and are dropped.
public enum MessagesRequestBody {
    /// The body for `chat`, naming the upstream's model `model`; `defaultMaxTokens` is `max_tokens` when the request
    /// sets none (Anthropic requires it).
    ///
    /// - Throws: `InferenceError.invalidRequest` for what Anthropic's API cannot express (`n` above 1, a grammar).
    public static func json(_ chat: ChatRequest, model: String, defaultMaxTokens: Int, stream: Bool = true)
        throws(InferenceError) -> JSONValue
    {
        guard chat.n == 1 else {
            throw .invalidRequest(parameter: "n", message: "this model answers one choice per request (n must be 1)")
        }
        let maxTokens = chat.maxTokens ?? defaultMaxTokens
        var f: [(String, JSONValue)] = [("model", .string(model)), ("max_tokens", .int(Int64(maxTokens)))]
        let system = chat.messages.filter { $0.role == .system }.map(\.text).filter { !$0.isEmpty }
        if !system.isEmpty { f.append(("system", .string(system.joined(separator: "\n\n")))) }
        f.append(("messages", .array(turns(chat.messages))))
        if stream { f.append(("stream", true)) }
        if !chat.stop.isEmpty { f.append(("stop_sequences", .array(chat.stop.map { .string($0) }))) }
        let s = chat.sampling
        if chat.explicitSampling.contains(.temperature) { f.append(("temperature", .double(min(1, s.temperature)))) }
        if chat.explicitSampling.contains(.topP) { f.append(("top_p", .double(s.topP))) }
        if chat.explicitSampling.contains(.topK), s.topK > 0 { f.append(("top_k", .int(Int64(s.topK)))) }
        if let user = chat.user { f.append(("metadata", .makeObject([("user_id", .string(user))]))) }
        f += tools(chat)
        if let thinking = thinking(chat.reasoning, maxTokens: maxTokens) { f.append(("thinking", thinking)) }
        switch chat.responseFormat {
        case .text: break
        case .jsonObject: f.append(("output_config", outputFormat(["type": "object"])))
        case .jsonSchema(_, let schema, _): f.append(("output_config", outputFormat(schema)))
        case .grammar:
            throw .invalidRequest(parameter: "grammar", message: "this model's upstream does not take grammars")
        }
        return .makeObject(f)
    }

    /// The conversation as alternating Anthropic turns.
    static func turns(_ messages: [ChatMessage]) -> [JSONValue] {
        var turns: [(role: String, blocks: [JSONValue])] = []
        func add(_ role: String, _ blocks: [JSONValue]) {
            guard !blocks.isEmpty else { return }
            if turns.last?.role == role { turns[turns.count - 1].blocks += blocks } else { turns.append((role, blocks)) }
        }
        for m in messages {
            switch m.role {
            case .system:
                continue
            case .user:
                add("user", m.content.compactMap(block))
            case .assistant:
                var blocks: [JSONValue] = m.text.isEmpty ? [] : [.makeObject([("type", "text"), ("text", .string(m.text))])]
                for call in m.toolCalls {
                    blocks.append(.makeObject([("type", "tool_use"), ("id", .string(call.id)), ("name", .string(call.name)),
                        ("input", toolInput(call.arguments))]))
                }
                add("assistant", blocks)
            case .tool:
                var result: [(String, JSONValue)] = [("type", "tool_result"), ("tool_use_id", .string(m.toolCallID ?? ""))]
                result.append(("content", .string(m.text)))
                add("user", [.makeObject(result)])
            }
        }
        return turns.map { .makeObject([("role", .string($0.role)), ("content", .array($0.blocks))]) }
    }

    /// A content part as a block (empty text is dropped: Anthropic refuses empty text blocks).
    static func block(_ part: ContentPart) -> JSONValue? {
        switch part {
        case .text(let t):
            return t.isEmpty ? nil : .makeObject([("type", "text"), ("text", .string(t))])
        case .image(let url):
            if url.hasPrefix("data:"), let comma = url.firstIndex(of: ","), url[..<comma].hasSuffix(";base64") {
                let media = url[url.index(url.startIndex, offsetBy: 5)..<comma].dropLast(7)
                return .makeObject([("type", "image"), ("source", .makeObject([("type", "base64"),
                    ("media_type", .string(String(media))), ("data", .string(String(url[url.index(after: comma)...])))]))])
            }
            return .makeObject([("type", "image"), ("source", .makeObject([("type", "url"), ("url", .string(url))]))])
        }
    }

    /// Tool-call arguments as an `input` object (text that is not an object is wrapped, as the response builder does).
    static func toolInput(_ arguments: String) -> JSONValue {
        if arguments.isEmpty { return [:] }
        if let v = try? JSONValue.parse(arguments), case .object = v { return v }
        return .makeObject([("_raw", .string(arguments))])
    }

    /// `tools` and `tool_choice` (only with tools).
    static func tools(_ chat: ChatRequest) -> [(String, JSONValue)] {
        guard !chat.tools.isEmpty else { return [] }
        let tools: [JSONValue] = chat.tools.map { t in
            var fields: [(String, JSONValue)] = [("name", .string(t.name))]
            if let d = t.description { fields.append(("description", .string(d))) }
            fields.append(("input_schema", t.parameters))
            return .makeObject(fields)
        }
        var choice: [(String, JSONValue)]
        switch chat.toolChoice {
        case .none: choice = [("type", "none")]
        case .auto: choice = [("type", "auto")]
        case .required: choice = [("type", "any")]
        case .function(let name): choice = [("type", "tool"), ("name", .string(name))]
        }
        if !chat.parallelToolCalls, chat.toolChoice != .none { choice.append(("disable_parallel_tool_use", true)) }
        return [("tools", .array(tools)), ("tool_choice", .makeObject(choice))]
    }

    /// `thinking`: on with a budget when the request asked for reasoning (an effort other than `none` counts) and
    /// `max_tokens` leaves room for the smallest budget; off when it turned reasoning off; absent otherwise.
    static func thinking(_ r: ReasoningOptions, maxTokens: Int) -> JSONValue? {
        let wanted = r.enabled ?? r.effort.map { $0 != .none }
        guard let wanted else { return nil }
        guard wanted else { return ["type": "disabled"] }
        let minimum = Int(MessagesRequest.minimumThinkingBudget)
        guard maxTokens > minimum else { return nil }
        let budget = min(maxTokens - 1, max(minimum, r.budgetTokens ?? maxTokens / 2))
        return .makeObject([("type", "enabled"), ("budget_tokens", .int(Int64(budget)))])
    }

    static func outputFormat(_ schema: JSONValue) -> JSONValue {
        .makeObject([("format", .makeObject([("type", "json_schema"), ("schema", schema)]))])
    }
}
