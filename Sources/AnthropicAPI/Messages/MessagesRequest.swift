public import InferenceTypes

/// A thinking block a client sent back in an assistant turn.
public struct SignedThinking: Sendable, Hashable {
    /// The thinking text.
    public var thinking: String
    /// The `signature` field, if present.
    public var signature: String?
    /// Where the block is in the request (`messages[1].content[0]`).
    public var path: String
}

/// A decoded `POST /v1/messages` (or `/v1/messages/count_tokens`) body, mapped to the shared `ChatRequest`.
///
/// Lenient where Claude Code needs it: roles `ctx` and `msg` count as `user`; the
/// `x-anthropic-billing-header:` system block is dropped (it changes every request and defeats prefix caching);
/// unknown content blocks and fields are ignored; consecutive turns of one role are merged.
public struct MessagesRequest: Sendable {
    /// The prefix of the Claude Code attribution block that is stripped from `system`.
    public static let billingHeaderPrefix = "x-anthropic-billing-header:"

    /// The request in the shared vocabulary (`n` is always 1); `chat.model` is the name the client sent.
    public var chat: ChatRequest
    /// SSE streaming was requested.
    public var stream: Bool
    /// The thinking blocks of earlier assistant turns, in order, for `verifyThinkingSignatures`.
    public var thinkingBlocks: [SignedThinking] = []

    /// Decodes a body. `requireMaxTokens` is false for `count_tokens`.
    public init(json: JSONValue, requireMaxTokens: Bool = true) throws(JSONFieldError) {
        let f = try JSONFields(json)
        let model = try f.requiredString("model")
        guard !model.isEmpty else { throw .invalid("model", "must not be empty") }
        var messages: [ChatMessage] = []
        if let system = try Self.system(f) { messages.append(ChatMessage(role: .system, text: system)) }
        let raw = try f.requiredArray("messages")
        var thinking: [SignedThinking] = []
        for (i, m) in raw.enumerated() {
            for message in try AnthropicMessageDecoder.messages(m, path: f.path("messages", i), thinking: &thinking) {
                Self.append(message, to: &messages)
            }
        }
        var chat = ChatRequest(model: model, messages: messages)
        if let maxTokens = try f.int("max_tokens", in: RequestLimits.maxTokensRange) {
            chat.maxTokens = Int(maxTokens)
        } else if requireMaxTokens {
            throw .missing("max_tokens")
        }
        if let stop = try f.array("stop_sequences") {
            guard stop.count <= RequestLimits.maxStopSequences else {
                throw .invalid("stop_sequences", "at most \(RequestLimits.maxStopSequences) stop sequences are allowed, got \(stop.count)")
            }
            for (i, s) in stop.enumerated() {
                guard case .string(let text) = s else { throw .wrongType(f.path("stop_sequences", i), expected: "string", got: s) }
                guard !text.isEmpty else { throw .invalid(f.path("stop_sequences", i), "stop sequences must not be empty") }
                guard text.utf8.count <= RequestLimits.maxStopBytes else {
                    throw .invalid(f.path("stop_sequences", i), "stop sequences must be at most \(RequestLimits.maxStopBytes) bytes")
                }
                chat.stop.append(text)
            }
        }
        chat.explicitSampling = []
        if let t = try f.double("temperature", in: 0...1) {
            chat.sampling.temperature = t
            chat.explicitSampling.insert(.temperature)
        }
        if let p = try f.double("top_p", in: 0...1) {
            chat.sampling.topP = p
            chat.explicitSampling.insert(.topP)
        }
        if let k = try f.int("top_k", in: 0...Int64(Int32.max)) {
            chat.sampling.topK = Int(k)
            chat.explicitSampling.insert(.topK)
        }
        // Local extension (not in Anthropic's API): a sampling seed, as on the OpenAI route.
        if let seed = try f.int("seed") { chat.sampling.seed = UInt64(bitPattern: seed) }
        if let metadata = try f.object("metadata") { chat.user = try metadata.string("user_id") }
        try AnthropicToolDecoder.decodeTools(f, into: &chat)
        try Self.decodeThinking(f, into: &chat)
        // Anthropic: thinking tokens count toward max_tokens.
        chat.reasoning.budgetIncludedInMaxTokens = true
        self.chat = chat
        self.stream = try f.bool("stream") ?? false
        self.thinkingBlocks = thinking
    }

    /// Checks that every thinking block the client sent back carries this server's signature of its text
    /// (`invalid_request_error` naming the block otherwise: a missing, altered or foreign signature).
    public func verifyThinkingSignatures(with signer: ThinkingSigner) throws(JSONFieldError) {
        for block in thinkingBlocks {
            guard let signature = block.signature else {
                throw .missing(block.path + ".signature")
            }
            guard signer.isValid(signature, for: block.thinking) else {
                throw .invalid(block.path + ".signature", "invalid signature for this thinking block: it was not issued by this server for this text (altered text, or a restarted server without a fixed thinking secret)")
            }
        }
    }

    /// `system`: a string or text blocks; the billing-header block is dropped, the rest joined with newlines.
    static func system(_ f: JSONFields) throws(JSONFieldError) -> String? {
        guard let v = f.value("system") else { return nil }
        switch v {
        case .string(let s): return s.hasPrefix(billingHeaderPrefix) || s.isEmpty ? nil : s
        case .array(let blocks):
            var texts: [String] = []
            for (i, b) in blocks.enumerated() {
                let block = try JSONFields(b, path: f.path("system", i))
                guard (try block.string("type")) ?? "text" == "text" else { continue }
                let text = try block.requiredString("text")
                if text.hasPrefix(billingHeaderPrefix) { continue }
                texts.append(text)
            }
            return texts.isEmpty ? nil : texts.joined(separator: "\n")
        default:
            throw .wrongType(f.path("system"), expected: "string or array", got: v)
        }
    }

    /// Appends `message`, merging it into the previous one when both are user or both assistant turns.
    static func append(_ message: ChatMessage, to messages: inout [ChatMessage]) {
        if let last = messages.last, last.role == message.role, message.role == .user || message.role == .assistant,
            last.toolCalls.isEmpty || message.role == .assistant
        {
            var merged = last
            if !merged.content.isEmpty, !message.content.isEmpty, message.role == .user {
                merged.content.append(.text("\n\n"))
            }
            merged.content += message.content
            merged.toolCalls += message.toolCalls
            if let r = message.reasoning { merged.reasoning = (merged.reasoning ?? "") + r }
            messages[messages.count - 1] = merged
        } else {
            messages.append(message)
        }
    }

    /// The least `thinking.budget_tokens` Anthropic's API accepts.
    public static let minimumThinkingBudget: Int64 = 1024

    /// `thinking` and `output_config`.
    static func decodeThinking(_ f: JSONFields, into chat: inout ChatRequest) throws(JSONFieldError) {
        if let thinking = try f.object("thinking") {
            let type = try thinking.requiredString("type")
            switch type {
            case "enabled":
                let budget = try thinking.int("budget_tokens", in: RequestLimits.maxTokensRange)
                guard let budget else { throw .missing(thinking.path("budget_tokens")) }
                // Anthropic's limits and wording: thinking counts toward max_tokens, and a budget under 1024 is refused.
                guard budget >= Self.minimumThinkingBudget else {
                    throw .invalid(thinking.path("budget_tokens"),
                        "Input should be greater than or equal to \(Self.minimumThinkingBudget)")
                }
                if let max = chat.maxTokens, budget >= max {
                    throw .invalid(thinking.path("budget_tokens"),
                        "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size")
                }
                chat.reasoning.enabled = true
                chat.reasoning.budgetTokens = Int(budget)
                chat.reasoning.effort = budget < 4096 ? .low : .high
            case "disabled":
                chat.reasoning.enabled = false
            case "adaptive":
                chat.reasoning.enabled = true
            default:
                throw .invalid(thinking.path("type"), "must be `enabled`, `disabled` or `adaptive`, got `\(type)`")
            }
        }
        if let config = try f.object("output_config") {
            if let effort = try config.string("effort") {
                switch effort {
                case "low": chat.reasoning.effort = .low
                case "medium": chat.reasoning.effort = .medium
                case "high": chat.reasoning.effort = .high
                case "xhigh", "max": chat.reasoning.effort = .xhigh
                default:
                    throw .invalid(config.path("effort"), "must be `low`, `medium`, `high`, `xhigh` or `max`, got `\(effort)`")
                }
            }
            if let format = try config.object("format") {
                let type = try format.requiredString("type")
                guard type == "json_schema" else {
                    throw .invalid(format.path("type"), "only `json_schema` is supported, got `\(type)`")
                }
                guard let schema = format.value("schema") else { throw .missing(format.path("schema")) }
                guard case .object = schema else { throw .wrongType(format.path("schema"), expected: "object", got: schema) }
                chat.responseFormat = .jsonSchema(name: nil, schema: schema, strict: true)
            }
        }
    }
}
