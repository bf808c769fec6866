public import InferenceTypes

/// A decoded `POST /v1/responses` body.
///
/// Decoding is by hand from an order-preserving `JSONValue`, so every error names the exact field
/// (`input[1].content[0].type: …`). Unknown fields are ignored. The conversation a continued response
/// (`previous_response_id`) builds on lives in storage, so the chat request is made by ``chat(history:)`` once the
/// server has read it.
public struct ResponsesRequest: Sendable {
    /// The model name the client sent.
    public var model: String
    /// `instructions`: a system message put first (never carried over to a continuation).
    public var instructions: String?
    /// The new input items, normalised (a string `input` is one user message).
    public var input: [ResponseInputItem]
    /// SSE streaming was requested.
    public var stream: Bool
    /// `store` (default true): keep the response for retrieval and continuation.
    public var store: Bool
    /// `previous_response_id`: the stored response this one continues.
    public var previousResponseID: String?
    /// The request's settings as the response object repeats them.
    public var echo: ResponseEcho
    /// Every setting of the chat request but its messages.
    private var settings: ChatRequest

    /// Decodes a request body.
    public init(json: JSONValue) throws(JSONFieldError) {
        let f = try JSONFields(json)
        model = try f.requiredString("model")
        guard !model.isEmpty else { throw .invalid("model", "must not be empty") }
        instructions = try f.string("instructions")
        previousResponseID = try f.string("previous_response_id")
        if let previous = previousResponseID, previous.isEmpty {
            throw .invalid("previous_response_id", "must not be empty")
        }
        input = try Self.input(f, required: previousResponseID == nil)
        stream = try f.bool("stream") ?? false
        store = try f.bool("store") ?? true

        var chat = ChatRequest(model: model, messages: [])
        if let t = try f.double("temperature", in: 0...2) { chat.sampling.temperature = t }
        if let p = try f.double("top_p", in: 0...1) {
            guard p > 0 else { throw .invalid("top_p", "must be greater than 0") }
            chat.sampling.topP = p
        }
        if let seed = try f.int("seed") { chat.sampling.seed = UInt64(bitPattern: seed) }
        if let m = try f.int("max_output_tokens", in: RequestLimits.maxTokensRange) { chat.maxTokens = Int(m) }
        try ResponsesToolDecoder.decodeTools(f, into: &chat)
        chat.responseFormat = try ResponsesToolDecoder.responseFormat(f)
        chat.reasoning = try ChatCompletionRequest.reasoning(f)
        // `max_output_tokens` bounds the reasoning and the answer together.
        chat.reasoning.budgetIncludedInMaxTokens = true
        if let summary = try f.object("reasoning")?.string("summary") {
            guard ["auto", "concise", "detailed"].contains(summary) else {
                throw .invalid("reasoning.summary", "must be one of `auto`, `concise`, `detailed`, got `\(summary)`")
            }
        }
        let include = try Self.include(f)
        if include.contains("message.output_text.logprobs") { chat.sampling.logprobs = true }
        if let top = try f.int("top_logprobs", in: 0...20) {
            chat.sampling.logprobs = true
            chat.sampling.topLogprobs = Int(top)
        }
        chat.user = try f.string("user")
        if chat.user == nil { chat.user = try f.string("safety_identifier") }
        settings = chat
        echo = try ResponseEcho(f, chat: chat)
    }

    /// The chat request: the instructions, then `history` (a continued response's input and output items), then
    /// the new input.
    public func chat(history: [ResponseInputItem] = []) -> ChatRequest {
        var chat = settings
        chat.messages = ResponseConversation.messages(instructions: instructions, items: history + input)
        return chat
    }

    /// `input`: a string (one user message) or a list of items.
    private static func input(_ f: JSONFields, required: Bool) throws(JSONFieldError) -> [ResponseInputItem] {
        guard let v = f.value("input") else {
            if required { throw .missing("input") }
            return []
        }
        switch v {
        case .string(let s):
            return [.userText(s)]
        case .array(let items):
            if items.isEmpty && required { throw .invalid("input", "must contain at least one item") }
            var out: [ResponseInputItem] = []
            for (i, item) in items.enumerated() { out.append(try ResponseInputItem(json: item, path: f.path("input", i))) }
            return out
        default:
            throw .wrongType("input", expected: "string or array", got: v)
        }
    }

    /// `include`: the extra output OpenAI can add. Only `message.output_text.logprobs` changes anything here; the
    /// others name output Swiftlet never produces, and are accepted.
    private static func include(_ f: JSONFields) throws(JSONFieldError) -> [String] {
        let known = [
            "message.output_text.logprobs", "reasoning.encrypted_content", "message.input_image.image_url",
            "file_search_call.results", "web_search_call.results", "web_search_call.action.sources",
            "computer_call_output.output.image_url", "code_interpreter_call.outputs",
        ]
        guard let values = try f.strings("include") else { return [] }
        for (i, value) in values.enumerated() where !known.contains(value) {
            throw .invalid(f.path("include", i), "must be one of \(known.map { "`\($0)`" }.joined(separator: ", ")), got `\(value)`")
        }
        return values
    }
}
