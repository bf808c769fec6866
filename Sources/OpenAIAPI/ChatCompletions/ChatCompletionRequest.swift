public import InferenceTypes

/// A decoded `POST /v1/chat/completions` body (also the ModelsLab `/api/v7/llm/chat/completions` dialect, which
/// names the model `model_id` and carries the API key in `key`).
///
/// Decoding is by hand from an order-preserving `JSONValue`, so every error names the exact field
/// (`messages[1].content: expected string or array, got number`). Unknown fields are ignored.
public struct ChatCompletionRequest: Sendable {
    /// The request in the shared vocabulary; `chat.model` is the name the client sent.
    public var chat: ChatRequest
    /// SSE streaming was requested.
    public var stream: Bool
    /// `stream_options.include_usage`: send a final `choices: []` chunk with the usage.
    public var includeUsage: Bool

    /// Decodes a request body.
    public init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        let model: String
        if let m = try f.string("model") {
            model = m
        } else if let m = try f.string("model_id") {
            model = m
        } else {
            throw .missing("model")
        }
        guard !model.isEmpty else { throw .invalid("model", "must not be empty") }

        let rawMessages = try f.requiredArray("messages")
        guard !rawMessages.isEmpty else { throw .invalid("messages", "must contain at least one message") }
        var messages: [ChatMessage] = []
        for (i, m) in rawMessages.enumerated() {
            messages.append(try OpenAIMessageDecoder.message(m, path: f.path("messages", i)))
        }

        var chat = ChatRequest(model: model, messages: messages)
        chat.sampling = try Self.sampling(f)
        chat.explicitSampling = Self.explicitSampling(f)
        if let n = try f.int("n", in: RequestLimits.choicesRange) { chat.n = Int(n) }
        if let m = try f.int("max_completion_tokens", in: RequestLimits.maxTokensRange) {
            chat.maxTokens = Int(m)
        } else if let m = try f.int("max_tokens", in: RequestLimits.maxTokensRange) {
            chat.maxTokens = Int(m)
        }
        if let stop = try f.strings("stop") {
            guard stop.count <= RequestLimits.maxStopSequences else {
                throw .invalid("stop", "at most \(RequestLimits.maxStopSequences) stop sequences are allowed, got \(stop.count)")
            }
            for (i, s) in stop.enumerated() where s.isEmpty {
                throw .invalid(stop.count == 1 ? "stop" : f.path("stop", i), "stop sequences must not be empty")
            }
            for (i, s) in stop.enumerated() where s.utf8.count > RequestLimits.maxStopBytes {
                throw .invalid(stop.count == 1 ? "stop" : f.path("stop", i), "stop sequences must be at most \(RequestLimits.maxStopBytes) bytes")
            }
            chat.stop = stop
        }
        chat.user = try f.string("user")
        try OpenAIToolDecoder.decodeTools(f, into: &chat)
        chat.responseFormat = try Self.responseFormat(f)
        chat.reasoning = try Self.reasoning(f)
        if let kwargs = try f.object("chat_template_kwargs") {
            for (k, v) in kwargs.members { chat.templateVariables[k] = v }
        }
        self.chat = chat
        self.stream = try f.bool("stream") ?? false
        self.includeUsage = try f.object("stream_options")?.bool("include_usage") ?? false
        // The ModelsLab body field `key` is read (and checked) by the server's auth before the body gets here.
        _ = try f.string("key")
    }

    /// Which of the sampling fields that have model defaults the body sets (`repeat_penalty` is llama.cpp's name).
    static func explicitSampling(_ f: JSONFields) -> SamplingFields {
        var set: SamplingFields = []
        if f.has("temperature") { set.insert(.temperature) }
        if f.has("top_k") { set.insert(.topK) }
        if f.has("top_p") { set.insert(.topP) }
        if f.has("min_p") { set.insert(.minP) }
        if f.has("repetition_penalty") { set.insert(.repetitionPenalty) }
        if Self.dryFields.contains(where: f.has) { set.insert(.repetitionGuard) }
        return set
    }

    /// llama.cpp's names for the DRY penalty's settings.
    static let dryFields = ["dry_multiplier", "dry_base", "dry_allowed_length", "dry_penalty_last_n"]

    /// The DRY penalty the body sets, or nil when it sets none of its fields. Fields left out keep the server's
    /// default guard (`RepetitionGuard()`), so `{"dry_multiplier": 0}` turns it off and `{"dry_allowed_length": 3}`
    /// only lengthens the free repeats.
    static func repetitionGuard(_ f: JSONFields) throws(JSONFieldError) -> RepetitionGuard? {
        guard dryFields.contains(where: f.has) else { return nil }
        var g = RepetitionGuard()
        if let m = try f.double("dry_multiplier", in: 0...10) { g.multiplier = m }
        if let b = try f.double("dry_base", in: 1...10) { g.base = b }
        if let n = try f.int("dry_allowed_length", in: 1...100) { g.allowedLength = Int(n) }
        if let n = try f.int("dry_penalty_last_n", in: 0...Int64(Int32.max)) { g.window = Int(n) }
        return g
    }

    /// The sampling fields shared with the legacy completions endpoint.
    static func sampling(_ f: JSONFields) throws(JSONFieldError) -> SamplingParameters {
        var s = SamplingParameters()
        if let t = try f.double("temperature", in: 0...2) { s.temperature = t }
        if let p = try f.double("top_p", in: 0...1) {
            guard p > 0 else { throw .invalid("top_p", "must be greater than 0") }
            s.topP = p
        }
        if let k = try f.int("top_k", in: 0...Int64(Int32.max)) { s.topK = Int(k) }
        if let m = try f.double("min_p", in: 0...1) { s.minP = m }
        if let p = try f.double("presence_penalty", in: -2...2) { s.presencePenalty = p }
        if let p = try f.double("frequency_penalty", in: -2...2) { s.frequencyPenalty = p }
        if let p = try f.double("repetition_penalty") {
            guard p > 0 else { throw .invalid("repetition_penalty", "must be greater than 0") }
            s.repetitionPenalty = p
        }
        if let guardSettings = try repetitionGuard(f) { s.repetitionGuard = guardSettings }
        if let seed = try f.int("seed") { s.seed = UInt64(bitPattern: seed) }
        if let bias = try f.object("logit_bias") {
            for (key, _) in bias.members {
                guard let id = TokenID(key), id >= 0 else {
                    throw .invalid(bias.path(key), "logit_bias keys must be token ids (non-negative integers)")
                }
                guard let b = try bias.double(key, in: -100...100) else { continue }
                s.logitBias[id] = Float(b)
            }
        }
        if let lp = try f.bool("logprobs") { s.logprobs = lp }
        if let top = try f.int("top_logprobs", in: 0...20) {
            guard top == 0 || s.logprobs else {
                throw .invalid("top_logprobs", "requires `logprobs` to be true")
            }
            s.topLogprobs = Int(top)
        }
        return s
    }

    static func responseFormat(_ f: JSONFields) throws(JSONFieldError) -> ResponseFormat {
        if let grammar = try f.string("grammar") { return .grammar(grammar) }
        guard let rf = try f.object("response_format") else { return .text }
        let type = try rf.requiredString("type")
        switch type {
        case "text": return .text
        case "json_object": return .jsonObject
        case "json_schema":
            guard let js = try rf.object("json_schema") else { throw .missing(rf.path("json_schema")) }
            guard let schema = js.value("schema") else { throw .missing(js.path("schema")) }
            guard case .object = schema else { throw .wrongType(js.path("schema"), expected: "object", got: schema) }
            return .jsonSchema(name: try js.string("name"), schema: schema, strict: try js.bool("strict") ?? false)
        default:
            throw .invalid(rf.path("type"), "must be one of `text`, `json_object`, `json_schema`, got `\(type)`")
        }
    }

    /// `reasoning_effort`, the OpenRouter/Responses-style `reasoning: {effort, max_tokens, enabled}` object, and
    /// `chat_template_kwargs.enable_thinking`. Effort `none` (or `enabled: false`) turns thinking off.
    static func reasoning(_ f: JSONFields) throws(JSONFieldError) -> ReasoningOptions {
        var r = ReasoningOptions()
        func effort(_ value: String, path: String) throws(JSONFieldError) -> ReasoningEffort {
            guard let e = ReasoningEffort(rawValue: value) else {
                let allowed = ReasoningEffort.allCases.map { "`\($0.rawValue)`" }.joined(separator: ", ")
                throw .invalid(path, "must be one of \(allowed), got `\(value)`")
            }
            return e
        }
        if case .object = f.value("reasoning"), let o = try f.object("reasoning") {
            if let value = try o.string("effort") {
                r.effort = try effort(value, path: o.path("effort"))
                if r.effort == ReasoningEffort.none { r.enabled = false }
            }
            if let budget = try o.int("max_tokens", in: RequestLimits.maxTokensRange) { r.budgetTokens = Int(budget) }
            if let enabled = try o.bool("enabled") { r.enabled = enabled }
        }
        if let value = try f.string("reasoning_effort") {
            r.effort = try effort(value, path: "reasoning_effort")
            if r.effort == ReasoningEffort.none { r.enabled = false }
        }
        if let kwargs = try f.object("chat_template_kwargs"), let thinking = try kwargs.bool("enable_thinking") {
            r.enabled = thinking
        }
        return r
    }
}
