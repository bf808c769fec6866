public import InferenceTypes

extension Usage {
    /// Usage as an OpenAI-compatible upstream reports it. Reasoning tokens (`completion_tokens_details`) are inside
    /// `completion_tokens` at OpenAI, vLLM and llama.cpp, but outside it at xAI and Swiftlet (then `total_tokens` is
    /// prompt + completion + reasoning); either way `completionTokens` here excludes them.
    public init(openAIUpstream u: JSONValue) {
        func count(_ v: JSONValue?) -> Int { Int(clamping: max(0, v?.intValue ?? 0)) }
        let prompt = count(u["prompt_tokens"])
        let completion = count(u["completion_tokens"])
        let reasoning = count(u["completion_tokens_details"]?["reasoning_tokens"])
        let cached = min(prompt, count(u["prompt_tokens_details"]?["cached_tokens"]))
        let total = u["total_tokens"]?.intValue
        let exclusive = reasoning > 0 && total == Int64(prompt) + Int64(completion) + Int64(reasoning)
        self.init(promptTokens: prompt, cachedPromptTokens: cached,
            completionTokens: exclusive ? completion : max(0, completion - reasoning), reasoningTokens: reasoning)
    }
}

extension FinishReason {
    /// The finish reason for an upstream's `finish_reason` string (unknown values, `content_filter` included, end
    /// the turn normally).
    public init(openAIUpstream value: String) {
        switch value {
        case "length", "max_tokens": self = .length
        case "tool_calls", "function_call", "tool_use": self = .toolCalls
        default: self = .stop
        }
    }
}

extension TokenLogprob {
    /// The entries of an upstream's `logprobs.content` (bytes default to the token's UTF-8).
    static func fromOpenAIUpstream(_ logprobs: JSONValue?) -> [TokenLogprob] {
        guard let items = logprobs?["content"]?.arrayValue else { return [] }
        func bytes(_ v: JSONValue, _ token: String) -> [UInt8] {
            guard let a = v["bytes"]?.arrayValue else { return Array(token.utf8) }
            return a.compactMap { $0.intValue.flatMap { UInt8(exactly: $0) } }
        }
        return items.compactMap { item in
            guard let token = item["token"]?.stringValue, let lp = item["logprob"]?.doubleValue else { return nil }
            let top = (item["top_logprobs"]?.arrayValue ?? []).compactMap { alt -> TokenAlternative? in
                guard let t = alt["token"]?.stringValue, let l = alt["logprob"]?.doubleValue else { return nil }
                return TokenAlternative(token: t, bytes: bytes(alt, t), logprob: l)
            }
            return TokenLogprob(token: token, bytes: bytes(item, token), logprob: lp, top: top)
        }
    }
}
