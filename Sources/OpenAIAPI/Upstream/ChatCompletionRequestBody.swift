public import InferenceTypes

/// The `POST /chat/completions` body Swiftlet sends to an OpenAI-compatible upstream for a `ChatRequest`: the inverse
/// of ``ChatCompletionRequest``, so decoding the body again gives back the request (the translation tables test
/// exactly that).
///
/// Only what the client decided is sent (sampling fields it set, a seed, stop strings, tools, the response format,
/// reasoning); everything else is left to the upstream's defaults. The request always streams, with
/// `stream_options.include_usage`, so usage arrives in the last chunk.
public enum ChatCompletionRequestBody {
    /// Which fields beyond OpenAI's own the upstream accepts.
    public enum Dialect: Sendable, Hashable {
        /// An inference engine (vLLM, SGLang, llama.cpp's server, another Swiftlet): also `top_k`, `min_p`,
        /// `repetition_penalty`, `chat_template_kwargs` (for `enable_thinking`), `reasoning` (a thinking budget),
        /// `reasoning_content` on assistant turns and `grammar`.
        case engine
        /// A hosted provider that refuses unknown fields: OpenAI's fields only (`max_completion_tokens` for the cap).
        case standard
    }

    /// The body for `chat`, naming the upstream's model `model`.
    ///
    /// - Throws: `InferenceError.invalidRequest` for what the dialect cannot express (a GBNF grammar on a standard
    ///   upstream).
    public static func json(_ chat: ChatRequest, model: String, dialect: Dialect, stream: Bool = true)
        throws(InferenceError) -> JSONValue
    {
        var f: [(String, JSONValue)] = [("model", .string(model))]
        f.append(("messages", .array(chat.messages.map { message($0, dialect: dialect) })))
        if stream {
            f.append(("stream", true))
            f.append(("stream_options", ["include_usage": true]))
        }
        if let max = chat.maxTokens {
            f.append((dialect == .standard ? "max_completion_tokens" : "max_tokens", .int(Int64(max))))
        }
        f += sampling(chat.sampling, set: chat.explicitSampling, dialect: dialect)
        if chat.sampling.logprobs {
            f.append(("logprobs", true))
            if chat.sampling.topLogprobs > 0 { f.append(("top_logprobs", .int(Int64(chat.sampling.topLogprobs)))) }
        }
        if chat.n != 1 { f.append(("n", .int(Int64(chat.n)))) }
        if !chat.stop.isEmpty { f.append(("stop", .array(chat.stop.map { .string($0) }))) }
        if let user = chat.user { f.append(("user", .string(user))) }
        f += tools(chat)
        if let format = try responseFormat(chat.responseFormat, dialect: dialect) { f.append(format) }
        f += reasoning(chat, dialect: dialect)
        return .makeObject(f)
    }

    /// One message. A user turn of text alone is a string; with images, an array of parts.
    static func message(_ m: ChatMessage, dialect: Dialect) -> JSONValue {
        var f: [(String, JSONValue)] = []
        switch m.role {
        case .system:
            f = [("role", "system"), ("content", .string(m.text))]
        case .user:
            f = [("role", "user"), ("content", content(m.content))]
        case .assistant:
            f = [("role", "assistant")]
            f.append(("content", m.content.isEmpty && !m.toolCalls.isEmpty ? .null : .string(m.text)))
            if dialect == .engine, let r = m.reasoning, !r.isEmpty { f.append(("reasoning_content", .string(r))) }
            if !m.toolCalls.isEmpty {
                f.append(("tool_calls", .array(m.toolCalls.map { toolCallJSON(id: $0.id, name: $0.name, arguments: $0.arguments) })))
            }
        case .tool:
            f = [("role", "tool"), ("tool_call_id", .string(m.toolCallID ?? "")), ("content", .string(m.text))]
        }
        if let name = m.name, m.role != .tool { f.append(("name", .string(name))) }
        return .makeObject(f)
    }

    /// Content as a string when it is text only, else as parts.
    static func content(_ parts: [ContentPart]) -> JSONValue {
        let textOnly = parts.allSatisfy { if case .text = $0 { return true } else { return false } }
        if textOnly { return .string(parts.reduce(into: "") { acc, p in if case .text(let t) = p { acc += t } }) }
        return .array(parts.map { part in
            switch part {
            case .text(let t): return .makeObject([("type", "text"), ("text", .string(t))])
            case .image(let url): return .makeObject([("type", "image_url"), ("image_url", .makeObject([("url", .string(url))]))])
            }
        })
    }

    /// The sampling fields the client set (engine-only ones on engines), and those that are off by default only
    /// when they are on (log-probabilities apart: the two endpoints ask for them differently).
    static func sampling(_ s: SamplingParameters, set: SamplingFields, dialect: Dialect) -> [(String, JSONValue)] {
        var f: [(String, JSONValue)] = []
        if set.contains(.temperature) { f.append(("temperature", .double(s.temperature))) }
        if set.contains(.topP) { f.append(("top_p", .double(s.topP))) }
        if dialect == .engine {
            if set.contains(.topK) { f.append(("top_k", .int(Int64(s.topK)))) }
            if set.contains(.minP) { f.append(("min_p", .double(s.minP))) }
            if set.contains(.repetitionPenalty) { f.append(("repetition_penalty", .double(s.repetitionPenalty))) }
        }
        if s.presencePenalty != 0 { f.append(("presence_penalty", .double(s.presencePenalty))) }
        if s.frequencyPenalty != 0 { f.append(("frequency_penalty", .double(s.frequencyPenalty))) }
        if let seed = s.seed { f.append(("seed", .int(Int64(bitPattern: seed)))) }
        if !s.logitBias.isEmpty {
            f.append(("logit_bias", .makeObject(s.logitBias.sorted { $0.key < $1.key }.map { ("\($0.key)", .double(Double($0.value))) })))
        }
        return f
    }

    /// `tools`, `tool_choice` and `parallel_tool_calls` (only with tools).
    static func tools(_ chat: ChatRequest) -> [(String, JSONValue)] {
        guard !chat.tools.isEmpty else { return [] }
        var f: [(String, JSONValue)] = [("tools", .array(chat.tools.map { t in
            var fn: [(String, JSONValue)] = [("name", .string(t.name))]
            if let d = t.description { fn.append(("description", .string(d))) }
            fn.append(("parameters", t.parameters))
            if t.strict { fn.append(("strict", true)) }
            return .makeObject([("type", "function"), ("function", .makeObject(fn))])
        }))]
        let choice: JSONValue
        switch chat.toolChoice {
        case .none: choice = "none"
        case .auto: choice = "auto"
        case .required: choice = "required"
        case .function(let name): choice = .makeObject([("type", "function"), ("function", .makeObject([("name", .string(name))]))])
        }
        f.append(("tool_choice", choice))
        if !chat.parallelToolCalls { f.append(("parallel_tool_calls", false)) }
        return f
    }

    /// `response_format`, or `grammar` on engines.
    static func responseFormat(_ format: ResponseFormat, dialect: Dialect) throws(InferenceError) -> (String, JSONValue)? {
        switch format {
        case .text:
            return nil
        case .jsonObject:
            return ("response_format", ["type": "json_object"])
        case .jsonSchema(let name, let schema, let strict):
            var js: [(String, JSONValue)] = [("name", .string(name ?? "response")), ("schema", schema)]
            if strict { js.append(("strict", true)) }
            return ("response_format", .makeObject([("type", "json_schema"), ("json_schema", .makeObject(js))]))
        case .grammar(let g):
            guard dialect == .engine else {
                throw .invalidRequest(parameter: "grammar", message: "this model's upstream does not take grammars")
            }
            return ("grammar", .string(g))
        }
    }

    /// `reasoning_effort`; on engines also `chat_template_kwargs` (the client's variables, and `enable_thinking`
    /// when the request turned thinking on or off) and `reasoning.max_tokens` for a thinking budget.
    static func reasoning(_ chat: ChatRequest, dialect: Dialect) -> [(String, JSONValue)] {
        let r = chat.reasoning
        var f: [(String, JSONValue)] = []
        if let effort = r.effort { f.append(("reasoning_effort", .string(effort.rawValue))) }
        guard dialect == .engine else { return f }
        var kwargs = chat.templateVariables.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if let enabled = r.enabled, chat.templateVariables["enable_thinking"] == nil {
            kwargs.append(("enable_thinking", .bool(enabled)))
        }
        if !kwargs.isEmpty { f.append(("chat_template_kwargs", .makeObject(kwargs))) }
        if let budget = r.budgetTokens { f.append(("reasoning", .makeObject([("max_tokens", .int(Int64(budget)))]))) }
        return f
    }
}
