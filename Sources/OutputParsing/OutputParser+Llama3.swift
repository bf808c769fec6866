/// Llama 3.x: `{"name": …, "parameters": …}` at the start of the answer or after `<|python_tag|>`, several calls
/// separated by `;`. The object must start with `"name"`, `"type"`, `"parameters"` or `"arguments"` and have both a
/// name and arguments, else it is plain JSON content.
extension OutputParser {
    /// After `<|python_tag|>`: spaces, then a call object.
    mutating func stepLlamaAfterTag() -> Progress {
        while position < buffer.count, ASCII.isSpace(buffer[position]) {
            held.append(buffer[position])
            position += 1
        }
        if position == buffer.count { return .needsInput }
        if buffer[position] == ASCII.openBrace {
            startReader(.llamaCall)
        } else {
            releaseHeld()
            mode = .content
        }
        return .progressed
    }

    /// After a call: spaces and `;` are dropped; a `{` or `<|python_tag|>` starts another call; else content.
    mutating func stepLlamaBetween(final: Bool) -> Progress {
        while position < buffer.count, ASCII.isSpace(buffer[position]) || buffer[position] == ASCII.semicolon {
            position += 1
        }
        if position == buffer.count { return .needsInput }
        if buffer[position] == ASCII.openBrace {
            startReader(.llamaCall)
            return .progressed
        }
        switch buffer.match(Self.pythonTag, at: position, final: final) {
        case .full:
            held.append(contentsOf: Self.pythonTag)
            position += Self.pythonTag.count
            mode = .llamaAfterTag
        case .partial:
            return .needsInput
        case .none:
            mode = .content
        }
        return .progressed
    }
}
