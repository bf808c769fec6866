public import ChatTemplates
public import Engine
public import InferenceTypes
public import Tokenizers

/// A model ready to serve: its file, tokenizer, chat template and engine, and how the API lists it.
public struct ServedModel: Sendable {
    public let descriptor: ModelDescriptor
    public let tokenizer: Tokenizer
    public let template: ChatTemplate
    public let engine: Engine
    /// How the model thinks and calls tools (detected from the template unless given).
    public let family: ModelFamily
    /// Text of the BOS/EOS tokens, for templates that print them.
    public let bosText: String
    public let eosText: String
    /// Sampling settings for what a request leaves out (`SamplingDefaults`; the loader reads them from the GGUF and
    /// the catalog, the server's configuration overrides them).
    public var samplingDefaults: SamplingDefaults = .server
    /// The output cap of a chat request that names none, so that a small model that never ends its turn still
    /// answers in seconds. Reasoning and answer count toward it; a request's own `max_tokens` may go higher.
    public var defaultMaxTokens = ServedModel.standardMaxTokens
    /// How the model is made to think when it has no reasoning of its own (the catalog entry's; `.tags` otherwise).
    public var thinkingStyle = ThinkingStyle.tags

    /// The default `defaultMaxTokens`.
    public static let standardMaxTokens = 1024

    public init(
        descriptor: ModelDescriptor, tokenizer: Tokenizer, template: ChatTemplate, engine: Engine, family: ModelFamily? = nil
    ) {
        self.family = family ?? ModelFamily.detect(template: template, source: template.source)
        self.descriptor = descriptor
        self.tokenizer = tokenizer
        self.template = template
        self.engine = engine
        let text = { (id: TokenID?) in id.map { String(decoding: tokenizer.tokenBytes($0), as: UTF8.self) } ?? "" }
        bosText = text(tokenizer.bosToken)
        eosText = text(tokenizer.eosToken)
    }

    /// The prompt token ids for a rendered chat prompt: control tokens in the template's text are parsed, and the
    /// BOS is added only when the tokenizer adds one and the template did not already print it.
    public func promptTokens(forRendered text: String) -> [TokenID] {
        var ids = tokenizer.encode(text, addSpecial: false, parseSpecial: true)
        if tokenizer.addBOS, let bos = tokenizer.bosToken, ids.first != bos { ids.insert(bos, at: 0) }
        if tokenizer.addEOS, let eos = tokenizer.eosToken, ids.last != eos { ids.append(eos) }
        return ids
    }
}
