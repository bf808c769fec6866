public import InferenceTypes

extension ChatTemplate {
    /// The system prompt this template writes when a conversation has none (SmolLM2's "You are a helpful AI
    /// assistant named SmolLM, …", Qwen2.5's "You are Qwen, …"), or nil when it writes none.
    ///
    /// Found by rendering, so it works for any template: a one-turn conversation is rendered once with a marker as
    /// its system message and once without one; the text the template puts around the marker (the system turn's
    /// header and footer) is then looked up in the second rendering, and what lies between is the default.
    ///
    /// Swiftlet adds its own instructions (the thinking prompt) to the system message; a conversation without one
    /// gets them after this default instead of in place of it, so the model keeps the persona it was tuned with.
    public func defaultSystemPrompt(bosToken: String = "", eosToken: String = "") -> String? {
        let marker = "\u{E000}swiftlet-system\u{E001}"
        let user = ChatMessage(role: .user, text: "\u{E002}")
        func rendered(_ messages: [ChatMessage]) -> String? {
            try? render(ChatTemplateInput(messages: messages, addGenerationPrompt: false, bosToken: bosToken,
                eosToken: eosToken))
        }
        guard let marked = rendered([ChatMessage(role: .system, text: marker), user]),
            let plain = rendered([user]),
            let at = marked.firstRange(of: marker)
        else { return nil }
        // The header: what the template writes between the start (or the BOS) and the marker; the footer: what
        // follows the marker up to the user turn's placeholder, less the user turn's own header (its tail in `plain`).
        let header = String(marked[..<at.lowerBound])
        guard let userAt = marked.firstRange(of: "\u{E002}"), let plainUserAt = plain.firstRange(of: "\u{E002}") else { return nil }
        let afterMarker = String(marked[at.upperBound..<userAt.lowerBound])
        let plainBeforeUser = String(plain[..<plainUserAt.lowerBound])
        guard plainBeforeUser.hasPrefix(header), plainBeforeUser.count > header.count else { return nil }
        let rest = plainBeforeUser.dropFirst(header.count)
        // `afterMarker` = footer + user header; the same text ends `rest` after the default prompt.
        guard rest.hasSuffix(afterMarker) else { return nil }
        let text = String(rest.dropLast(afterMarker.count))
        return text.isEmpty ? nil : text
    }
}
