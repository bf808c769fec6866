/// Hermes / Qwen: `<tool_call>` spaces `{"name": …, "arguments": …}` spaces `</tool_call>`.
extension OutputParser {
    /// After the call object: spaces and the closing tag are dropped. A missing closing tag is tolerated (what
    /// follows is content).
    mutating func stepHermesClose(final: Bool) -> Progress {
        position = skipSpaces(from: position)
        if position == buffer.count { return .needsInput }
        switch buffer.match(Self.hermesClose, at: position, final: final) {
        case .full:
            position += Self.hermesClose.count
            mode = .afterCall
        case .partial:
            return .needsInput
        case .none:
            mode = .content
        }
        return .progressed
    }
}
