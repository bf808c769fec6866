/// The wire format an upstream speaks, chosen per upstream model (`--upstream-api ID=…`).
///
/// Each format is one ``UpstreamDialect`` (`OpenAIDialect`, `AnthropicDialect`); ``dialect`` is the registry.
public enum UpstreamAPI: String, Sendable, Hashable, CaseIterable {
    /// OpenAI's Chat Completions as inference engines serve it (vLLM, SGLang, llama.cpp's server, another Swiftlet),
    /// with their extension fields (`top_k`, `min_p`, `chat_template_kwargs`, `reasoning_content`, …). The default.
    case openAI = "openai"
    /// OpenAI's Chat Completions with OpenAI's own fields only, for hosted providers that refuse unknown fields.
    case openAIStandard = "openai-standard"
    /// Anthropic's Messages API (`/v1/messages`, `x-api-key`, `anthropic-version`).
    case anthropic = "anthropic"

    /// The dialect that builds requests and reads replies in this format.
    var dialect: any UpstreamDialect {
        switch self {
        case .openAI: return OpenAIDialect(standard: false)
        case .openAIStandard: return OpenAIDialect(standard: true)
        case .anthropic: return AnthropicDialect()
        }
    }
}
