public import ChatTemplates
public import GGUF
public import Jinja

/// Where a model's chat template came from.
public enum ChatTemplateSource: Sendable, Hashable {
    /// `tokenizer.chat_template` in the GGUF file.
    case file
    /// A built-in fallback, chosen from the architecture because the file has no template.
    case builtin(BuiltinChatTemplate)
}

extension ChatTemplate {
    /// The model's own template, or a built-in fallback (Gemma turns for gemma-family files, ChatML otherwise).
    public static func forModel(_ file: GGUFFile) throws(TemplateError) -> (ChatTemplate, ChatTemplateSource) {
        if let source = file.metadata.string("tokenizer.chat_template"), !source.isEmpty {
            return (try ChatTemplate(source: source), .file)
        }
        let builtin: BuiltinChatTemplate = (file.architecture ?? "").hasPrefix("gemma") ? .gemma : .chatML
        return (ChatTemplate(builtin: builtin), .builtin(builtin))
    }
}
