public import Jinja

/// A model's chat template, parsed once and rendered for each request.
public struct ChatTemplate: Sendable {
    /// The parsed template.
    public let template: Template
    /// The Jinja source it was parsed from (model-family detection reads it).
    public let source: String

    /// Parses a template source (usually `tokenizer.chat_template` from the GGUF).
    public init(source: String) throws(TemplateError) {
        self.template = try Template(source, options: .huggingFace)
        self.source = source
    }

    /// One of the built-in fallbacks for models whose file has no template.
    public init(builtin: BuiltinChatTemplate) {
        self.source = builtin.source
        do {
            self.template = try Template(builtin.source, options: .huggingFace)
        } catch {
            // The built-in sources are constants covered by tests; failing to parse them is a programming error.
            preconditionFailure("built-in chat template \(builtin) does not parse: \(error)")
        }
    }

    /// Renders the prompt for `input`.
    ///
    /// Throws `TemplateError`: `.raised` when the template rejects the conversation through `raise_exception`
    /// (e.g. "System role not supported"), `.runtime` for other failures.
    public func render(_ input: ChatTemplateInput) throws(TemplateError) -> String {
        try template.render(ChatTemplateContext.variables(for: input), environment: RenderEnvironment(now: input.now))
    }
}
