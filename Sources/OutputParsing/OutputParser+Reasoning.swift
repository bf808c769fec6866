/// Reasoning: the opening tag at the start of the output, the reasoning text trimmed of spaces, the closing tag.
extension OutputParser {
    /// Index of the first non-space byte at or after `index`.
    func skipSpaces(from index: Int) -> Int {
        var j = index
        while j < buffer.count, ASCII.isSpace(buffer[j]) { j += 1 }
        return j
    }

    /// Start of output: spaces, then the opening tag opens reasoning; anything else is the answer.
    mutating func stepOutputStart(final: Bool) -> Progress {
        let j = skipSpaces(from: position)
        if j == buffer.count {
            guard final else { return .needsInput }
            mode = .contentStart
            return .progressed
        }
        switch buffer.match(openTag, at: j, final: final) {
        case .full:
            position = j + openTag.count  // spaces before the tag are dropped
            enterReasoning()
        case .partial:
            return .needsInput
        case .none:
            mode = .contentStart
        }
        return .progressed
    }

    mutating func enterReasoning() {
        mode = .reasoning
        reasoningBlocks += 1
        reasoningAtStart = true
        swallowOpenTag = false
    }

    /// Inside reasoning: text up to the closing tag; leading and trailing spaces dropped.
    mutating func stepReasoning(final: Bool) -> Progress {
        if reasoningAtStart {
            position = skipSpaces(from: position)
            if position == buffer.count { return .needsInput }
            if swallowOpenTag {
                switch buffer.match(openTag, at: position, final: final) {
                case .full:
                    position += openTag.count
                    swallowOpenTag = false
                    return .progressed
                case .partial:
                    return .needsInput
                case .none:
                    swallowOpenTag = false
                }
            }
            reasoningAtStart = false
        }
        let closeFirst = closeTag[0]
        var i = position
        while i < buffer.count {
            let b = buffer[i]
            if ASCII.isSpace(b) {
                emitBuffer(.reasoning, upTo: i)
                let j = skipSpaces(from: i)
                if closesAtBlankLine && buffer[i..<j].firstRange(of: closeTag) != nil {
                    // A blank line inside this run of spaces (exactly what the engine's grammar ends a paragraph
                    // trace with): it and the spaces around it belong to neither part.
                    position = j
                    mode = .afterReasoning
                    return .progressed
                }
                if j == buffer.count {
                    if final { position = j }  // trailing spaces of the reasoning are dropped
                    return .needsInput
                }
                switch buffer.match(closeTag, at: j, final: final) {
                case .full:
                    closeReasoning(at: j)
                    return .progressed
                case .partial:
                    return .needsInput
                case .none:
                    emitBuffer(.reasoning, upTo: j)
                    i = j
                    if buffer[j] == closeFirst { i += 1 }  // not the tag: plain text
                }
            } else if b == closeFirst {
                switch buffer.match(closeTag, at: i, final: final) {
                case .full:
                    emitBuffer(.reasoning, upTo: i)
                    closeReasoning(at: i)
                    return .progressed
                case .partial:
                    emitBuffer(.reasoning, upTo: i)
                    return .needsInput
                case .none:
                    i += 1
                }
            } else {
                i += 1
            }
        }
        emitBuffer(.reasoning, upTo: buffer.count)
        return .needsInput
    }

    private mutating func closeReasoning(at tagStart: Int) {
        position = tagStart + closeTag.count
        mode = .afterReasoning
    }

    /// After the closing tag: spaces are dropped; another opening tag continues the reasoning.
    mutating func stepAfterReasoning(final: Bool) -> Progress {
        position = skipSpaces(from: position)
        if position == buffer.count { return .needsInput }
        switch buffer.match(openTag, at: position, final: final) {
        case .full:
            position += openTag.count
            enterReasoning()
        case .partial:
            return .needsInput
        case .none:
            mode = .contentStart
        }
        return .progressed
    }
}
